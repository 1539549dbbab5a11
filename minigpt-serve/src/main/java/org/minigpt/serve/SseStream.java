package org.minigpt.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Server-sent events as OpenAI streams them: {@code data: {json}} frames, then {@code data: [DONE]}. */
final class SseStream {
    private final OutputStream out;
    private boolean broken;

    private SseStream(OutputStream out) {
        this.out = out;
    }

    static SseStream open(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return new SseStream(exchange.getResponseBody());
    }

    /** Sends one chunk; a client that went away makes {@link #broken} true instead of throwing. */
    void send(Object chunk) {
        write("data: " + Api.json(chunk) + "\n\n");
    }

    void done() {
        write("data: [DONE]\n\n");
    }

    boolean broken() {
        return broken;
    }

    private void write(String frame) {
        if (broken) {
            return;
        }
        try {
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            broken = true;
        }
    }
}
