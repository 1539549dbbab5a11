package org.minigpt.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request and its reply, read and written by an endpoint that may block: a body that must arrive whole within
 * its deadline, a query bounded in length, and a reply that is JSON, bytes or an {@link EventStream}.
 */
public final class Exchange {
    public static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_QUERY_CHARS = 4 * 1024;

    private final Request request;
    private final Response response;
    private final Duration bodyTimeout;
    private final IntConsumer reported;
    private OutputStream stream;
    private boolean reportedOnce;

    /** @param reported told the reply's status once: before a whole reply goes out, at the end of a stream */
    Exchange(Request request, Response response, Duration bodyTimeout, IntConsumer reported) {
        this.request = request;
        this.response = response;
        this.bodyTimeout = bodyTimeout;
        this.reported = reported;
    }

    /** Tells the listener the reply's status, the first time only. */
    void report(int status) {
        if (!reportedOnce) {
            reportedOnce = true;
            reported.accept(status);
        }
    }

    public String method() {
        return request.getMethod();
    }

    public String path() {
        return request.getHttpURI().getPath();
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    /** The query string's parameters, decoded; a repeated name keeps its last value; 414 past 4 KiB. */
    public Map<String, String> query() {
        String raw = request.getHttpURI().getQuery();
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

    /**
     * The whole request body: 413 past {@code maxBytes}, 408 when it has not all arrived within the server's body
     * timeout (a client that holds its body back keeps a thread only that long).
     */
    public byte[] body(int maxBytes) throws IOException {
        if (request.getLength() > maxBytes) {
            discard(maxBytes);
            throw tooLarge(maxBytes);
        }
        CompletableFuture<byte[]> reading = Content.Source.asByteArrayAsync(request, maxBytes + 1);
        try {
            byte[] body = reading.get(bodyTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (body.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return body;
        } catch (TimeoutException e) {
            reading.cancel(true);
            setHeader("Connection", "close");
            throw new HttpError(408, "the request body did not arrive within " + bodyTimeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException) {
                throw tooLarge(maxBytes); // more than maxBytes + 1 arrived
            }
            throw new IOException("the request body could not be read", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the request body", e);
        }
    }

    /**
     * Reads and drops a body that is too large but not far off, so that a client sending it whole before it reads
     * (most do) gets the 413 rather than a reset connection; a larger one is cut off with the connection.
     */
    private void discard(int maxBytes) {
        if (request.getLength() > 4L * maxBytes) {
            setHeader("Connection", "close");
            return;
        }
        CompletableFuture<Void> drained = new CompletableFuture<>();
        Content.Source.consumeAll(request, Callback.from(() -> drained.complete(null), drained::completeExceptionally));
        try {
            drained.get(bodyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            setHeader("Connection", "close");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpError tooLarge(int maxBytes) {
        return new HttpError(413, "the request body is larger than " + maxBytes + " bytes");
    }

    public void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    public void sendJson(int status, Object value) throws IOException {
        setHeader("Cache-Control", "no-store");
        send(status, "application/json; charset=utf-8", json(value).getBytes(StandardCharsets.UTF_8));
    }

    public void send(int status, String contentType, byte[] body) throws IOException {
        response.setStatus(status);
        setHeader("Content-Type", contentType);
        response.getHeaders().put("Content-Length", body.length);
        report(status); // before the reply goes out, so a client that reads it next finds it counted
        Content.Sink.write(response, true, ByteBuffer.wrap(body));
    }

    /** Server-sent events; the status and headers go out with the first frame. */
    public EventStream events() {
        return new EventStream(this);
    }

    OutputStream startStream(String contentType) {
        response.setStatus(200);
        setHeader("Content-Type", contentType);
        setHeader("Cache-Control", "no-cache");
        stream = Content.Sink.asOutputStream(response);
        return stream;
    }

    /** The reply's status (200 until set). */
    int status() {
        return response.getStatus() == 0 ? 200 : response.getStatus();
    }

    /** Whether a reply's status has gone out (an error can then no longer be sent as one). */
    public boolean committed() {
        return response.isCommitted();
    }

    /** Ends a stream the endpoint opened. */
    void finish() throws IOException {
        if (stream != null) {
            stream.close();
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
