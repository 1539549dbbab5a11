package org.minigpt.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events: {@code data:} frames (OpenAI's streams) or named events (the studio's {@code EventSource}).
 * Its status (200) and headers go out with the first frame, so a request may still fail before that. A client that
 * went away makes {@link #broken} true instead of throwing, so a generator can stop at its next token.
 */
public final class EventStream {
    private final Exchange exchange;
    private OutputStream out;
    private boolean broken;

    EventStream(Exchange exchange) {
        this.exchange = exchange;
    }

    /** A {@code data:} frame holding {@code value} as JSON. */
    public void data(Object value) {
        write("data: " + Exchange.json(value) + "\n\n");
    }

    /** A {@code data:} frame holding {@code text} as it is (e.g. {@code [DONE]}). */
    public void dataText(String text) {
        write("data: " + text + "\n\n");
    }

    /** A named event with {@code value} as its JSON data. */
    public void event(String name, Object value) {
        write(frame(name, value));
    }

    /** A named event's whole frame, for a hub that sends the same frame to many streams. */
    public static String frame(String name, Object value) {
        return "event: " + name + "\ndata: " + Exchange.json(value) + "\n\n";
    }

    /** A frame made by {@link #frame}. */
    public void write(String frame) {
        if (broken) {
            return;
        }
        try {
            if (out == null) {
                out = exchange.startStream("text/event-stream; charset=utf-8");
            }
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {
            broken = true;
        }
    }

    /** A comment line: keeps proxies from timing the stream out, and finds a client that left. */
    public void keepAlive() {
        write(": keep-alive\n\n");
    }

    /** Whether the status and a frame have gone out. */
    public boolean started() {
        return out != null;
    }

    public boolean broken() {
        return broken;
    }
}
