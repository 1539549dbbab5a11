package org.minigpt.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON in and out of the JDK's HTTP exchanges, with request bodies capped. */
final class Api {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_BODY_BYTES = 1 << 20;

    private Api() {
    }

    /** The request body as a JSON object; 413 past {@link #MAX_BODY_BYTES}, 400 when it is not one. */
    static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiError(413, "invalid_request_error", null, "request_too_large",
                    "the request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw ApiError.invalid(null, "the request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw ApiError.invalid(null, "the request body must be a JSON object");
        }
        return root;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static void send(HttpExchange exchange, int status, Object value) throws IOException {
        byte[] bytes = json(value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The OpenAI error body; a reply already under way (a stream) is left as it is. */
    static void error(HttpExchange exchange, ApiError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", error.getMessage());
        body.put("type", error.type);
        body.put("param", error.param);
        body.put("code", error.code);
        try {
            send(exchange, error.status, Map.of("error", body));
        } catch (IOException | RuntimeException ignored) {
            // headers already sent, or the client went away
        }
    }
}
