package org.minigpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.minigpt.http.Exchange;

/** A request's JSON body, capped at 1 MiB. */
final class Api {
    static final int MAX_BODY_BYTES = 1 << 20;

    private Api() {
    }

    /** The request body as a JSON object; 413 past {@link #MAX_BODY_BYTES}, 400 when it is not one. */
    static JsonNode body(Exchange exchange) throws IOException {
        byte[] body = exchange.body(MAX_BODY_BYTES);
        JsonNode root;
        try {
            root = Exchange.JSON.readTree(body);
        } catch (IOException e) {
            throw ApiError.invalid(null, "the request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw ApiError.invalid(null, "the request body must be a JSON object");
        }
        return root;
    }
}
