package org.minigpt.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty itself answers before any route runs (a malformed or ambiguous request line, headers past their
 * size), in the server's own JSON error body instead of Jetty's HTML page.
 */
final class JsonErrors extends ErrorHandler {
    private final ErrorReplies errors;

    JsonErrors(ErrorReplies errors) {
        this.errors = errors;
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
            Callback callback) throws IOException {
        String text = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
        byte[] body = Exchange.json(errors.body(new HttpError(status, "the request was refused: " + text)))
                .getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put("Content-Type", "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
