package org.minigpt.studio;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A server-sent event stream (the page reads it with {@code EventSource}): named events with JSON data. */
final class EventStream {
    private final OutputStream out;

    private EventStream(OutputStream out) {
        this.out = out;
    }

    static EventStream open(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        return new EventStream(exchange.getResponseBody());
    }

    static String frame(String event, Object data) {
        try {
            return "event: " + event + "\ndata: " + Http.JSON.writeValueAsString(data) + "\n\n";
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    void send(String event, Object data) throws IOException {
        write(frame(event, data));
    }

    void write(String frame) throws IOException {
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A comment line: keeps proxies and the browser from timing the stream out, and finds a closed page. */
    void keepAlive() throws IOException {
        write(": keep-alive\n\n");
    }
}
