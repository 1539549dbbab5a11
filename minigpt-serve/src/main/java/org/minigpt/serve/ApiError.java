package org.minigpt.serve;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minigpt.http.HttpError;

/**
 * A request the server refuses, as the OpenAI API reports it: {@code {"error": {"message", "type", "param", "code"}}}.
 */
final class ApiError extends HttpError {
    private static final long serialVersionUID = 1L;

    final String type;
    final String param;
    final String code;

    ApiError(int status, String type, String param, String code, String message) {
        super(status, message);
        this.type = type;
        this.param = param;
        this.code = code;
    }

    /** A field of the request that is wrong: 400, {@code invalid_request_error}. */
    static ApiError invalid(String param, String message) {
        return new ApiError(400, "invalid_request_error", param, null, message);
    }

    /** The OpenAI error body of any refusal: the server's own, or one its HTTP layer made (404, 405, 408, 413, 429). */
    static Object body(HttpError error) {
        ApiError api = error instanceof ApiError own ? own : new ApiError(error.status(), typeOf(error.status()), null,
                codeOf(error.status()), error.getMessage());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", api.getMessage());
        body.put("type", api.type);
        body.put("param", api.param);
        body.put("code", api.code);
        return Map.of("error", body);
    }

    private static String typeOf(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 500, 503 -> "server_error";
            default -> "invalid_request_error";
        };
    }

    private static String codeOf(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "request_too_large";
            case 414 -> "query_too_long";
            default -> null;
        };
    }
}
