package org.minigpt.studio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.minigpt.api.MinigptException;

/** The JDK HTTP server's exchanges as JSON in and out, with bounded requests and errors as JSON. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_BODY_BYTES = 16 * 1024;
    static final int MAX_QUERY_CHARS = 4 * 1024;

    private Http() {
    }

    /** Handles one method; an {@link HttpError} or a {@link MinigptException} becomes a JSON error reply. */
    interface Endpoint {
        void handle(HttpExchange exchange) throws Exception;
    }

    /** {@code endpoint} at exactly {@code path} (any path under the context when null) for {@code method}. */
    static HttpHandler only(String method, String path, Endpoint endpoint) {
        return exchange -> {
            try {
                if (path != null && !exchange.getRequestURI().getPath().equals(path)) {
                    throw new HttpError(404, "no such endpoint: " + exchange.getRequestURI().getPath());
                }
                if (!exchange.getRequestMethod().equals(method)) {
                    exchange.getResponseHeaders().set("Allow", method);
                    throw new HttpError(405, exchange.getRequestMethod() + " is not allowed here; use " + method);
                }
                endpoint.handle(exchange);
            } catch (HttpError e) {
                error(exchange, e.status, e.getMessage());
            } catch (MinigptException e) {
                error(exchange, 400, e.getMessage());
            } catch (IOException e) {
                // the page went away mid-reply: nothing to tell it
            } catch (Exception e) {
                error(exchange, 500, "internal error: " + e);
            } finally {
                exchange.close();
            }
        };
    }

    /** The query string's parameters, decoded; a repeated name keeps its last value. */
    static Map<String, String> query(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        if (raw.length() > MAX_QUERY_CHARS) {
            throw new HttpError(414, "the query is longer than " + MAX_QUERY_CHARS + " characters");
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            values.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** The request body as a JSON object of strings, refused past {@link #MAX_BODY_BYTES}. */
    static Map<String, String> jsonBody(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new HttpError(413, "the request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        Map<String, String> values = new LinkedHashMap<>();
        try {
            JSON.readTree(body).fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
        } catch (IOException | RuntimeException e) {
            throw new HttpError(400, "the request body is not a JSON object");
        }
        return values;
    }

    static void json(HttpExchange exchange, int status, Object value) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(value);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A refusal before any endpoint ran, as the page reads errors. */
    static void refuse(HttpExchange exchange, int status, String message) {
        error(exchange, status, message);
    }

    private static void error(HttpExchange exchange, int status, String message) {
        try {
            json(exchange, status, Map.of("error", message));
        } catch (IOException | RuntimeException ignored) {
            // headers already sent (a stream that failed midway) or the page went away
        }
    }
}
