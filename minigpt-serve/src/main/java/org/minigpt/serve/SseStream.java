package org.minigpt.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Server-sent events as OpenAI streams them: {@code data: {json}} frames, then {@code data: [DONE]}. */
final class SseStream {
    private final HttpExchange exchange;
    private OutputStream out;
    private boolean broken;

    private SseStream(HttpExchange exchange) {
        this.exchange = exchange;
    }

    /** A stream whose status (200) and headers go out with its first frame: until then the request may still fail. */
    static SseStream open(HttpExchange exchange) {
        return new SseStream(exchange);
    }

    /** Whether the status and a frame have gone out. */
    boolean started() {
        return out != null;
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
            if (out == null) {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                exchange.sendResponseHeaders(200, 0);
                out = exchange.getResponseBody();
            }
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            broken = true;
        }
    }
}
