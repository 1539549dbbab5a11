package org.minigpt.serve;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.minigpt.api.MinigptException;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.cli.http.RequestGuard;
import org.minigpt.core.Parts;

/**
 * The OpenAI API over the JDK's HTTP server: {@code /v1/models}, {@code /v1/completions},
 * {@code /v1/chat/completions}, {@code /health} and {@code /metrics}. Every request passes the
 * {@link RequestGuard} first; every error is an OpenAI error body, never a stack trace.
 */
final class ApiServer implements AutoCloseable {
    /** Threads for requests that do not generate (health, metrics, models, refusals) beside those decoding and queued. */
    private static final int SPARE_THREADS = 16;

    private final HttpServer server;
    private final ExecutorService executor;
    private final DecodingLoops loops;
    private final ServerMetrics metrics;
    private volatile boolean closing;
    private final java.util.concurrent.atomic.AtomicInteger handling = new java.util.concurrent.atomic.AtomicInteger();

    /** @param cacheMegabytes each model's key/value cache budget; 0 for the model's default */
    record Settings(InetSocketAddress address, Optional<String> apiKey, int parallel, int queue, int maxTokens, long cacheMegabytes) {
    }

    ApiServer(Plugins plugins, ServedModels models, Settings settings) throws IOException {
        this.metrics = new ServerMetrics();
        this.loops = new DecodingLoops(models, settings.parallel(), settings.queue(), settings.cacheMegabytes(), metrics);
        this.server = HttpServer.create(settings.address(), 0);
        // A thread a request: it waits for its tokens while the model's decoding loop computes them with the others'.
        this.executor = Executors.newFixedThreadPool(settings.parallel() + settings.queue() + SPARE_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "minigpt-serve");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        Parts parts = new Parts(plugins);
        GenerationEndpoint completions = new GenerationEndpoint(false, models, parts, loops, metrics, settings.maxTokens());
        GenerationEndpoint chat = new GenerationEndpoint(true, models, parts, loops, metrics, settings.maxTokens());
        Filter guard = new RequestGuard(server.getAddress(), settings.apiKey(), Set.of("/health"))
                .filter((exchange, refusal) -> {
                    metrics.request(exchange.getHttpContext().getPath(), refusal.status());
                    Api.error(exchange, new ApiError(refusal.status(),
                            refusal.status() == 401 ? "authentication_error" : "invalid_request_error", null, null, refusal.message()));
                });
        route("/v1/models", "GET", exchange -> Api.send(exchange, 200, modelList(models)), guard);
        route("/v1/completions", "POST", exchange -> completions.handle(exchange, System.nanoTime()), guard);
        route("/v1/chat/completions", "POST", exchange -> chat.handle(exchange, System.nanoTime()), guard);
        route("/health", "GET", exchange -> Api.send(exchange, 200, Map.of("status", "ok")), guard);
        route("/metrics", "GET", this::scrape, guard);
        route("/", "GET", exchange -> { }, guard); // every other path: 404
        server.start();
    }

    interface Endpoint {
        void handle(HttpExchange exchange) throws Exception;
    }

    URI uri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    /** Sequences decoding now, over every model. */
    int sequences() {
        return loops.sequences();
    }

    private void route(String path, String method, Endpoint endpoint, Filter guard) {
        server.createContext(path, exchange -> {
            int status = 200;
            handling.incrementAndGet();
            try {
                if (closing) {
                    throw new ApiError(503, "server_error", null, "shutting_down", "the server is shutting down");
                }
                if (path.equals("/") || !exchange.getRequestURI().getPath().equals(path)) {
                    throw new ApiError(404, "invalid_request_error", null, "not_found", "no such endpoint: "
                            + exchange.getRequestURI().getPath());
                }
                if (!exchange.getRequestMethod().equals(method)) {
                    exchange.getResponseHeaders().set("Allow", method);
                    throw new ApiError(405, "invalid_request_error", null, "method_not_allowed",
                            exchange.getRequestMethod() + " is not allowed here; use " + method);
                }
                endpoint.handle(exchange);
            } catch (ApiError e) {
                status = e.status;
                if (status == 429) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                }
                Api.error(exchange, e);
            } catch (MinigptException e) {
                status = 400;
                Api.error(exchange, ApiError.invalid(null, e.getMessage()));
            } catch (IOException e) {
                status = 499; // the client went away mid-reply
            } catch (Exception e) {
                status = 500;
                Api.error(exchange, new ApiError(500, "server_error", null, null, "internal error: " + e));
            } finally {
                metrics.request(path, status);
                exchange.close();
                handling.decrementAndGet();
            }
        }).getFilters().add(guard);
    }

    private static Map<String, Object> modelList(ServedModels models) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (ServedModel model : models.all()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", model.name());
            entry.put("object", "model");
            entry.put("created", model.created());
            entry.put("owned_by", "minigpt");
            data.add(entry);
        }
        return Map.of("object", "list", "data", data);
    }

    private void scrape(HttpExchange exchange) throws IOException {
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * Stops taking requests (503, also to those still waiting to start), waits up to {@code grace} for those decoding
     * to finish, then stops; a stream cut off ends with an error event and {@code [DONE]}.
     *
     * @return the requests cut off at the end of the grace period
     */
    int shutDown(Duration grace) throws InterruptedException {
        closing = true;
        loops.stopAdmitting();
        long deadline = System.nanoTime() + grace.toNanos();
        while (loops.requests() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int cut = loops.requests();
        loops.close();
        // The cut requests' threads send their streams' last events once their loop has stopped.
        for (long end = System.nanoTime() + 2_000_000_000L; handling.get() > 0 && System.nanoTime() < end;) {
            Thread.sleep(20);
        }
        close();
        return cut;
    }

    @Override
    public void close() {
        loops.close();
        server.stop(0);
        executor.shutdownNow();
    }
}
