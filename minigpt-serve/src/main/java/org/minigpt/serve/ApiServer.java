package org.minigpt.serve;

import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.core.Parts;
import org.minigpt.http.Endpoint;
import org.minigpt.http.WebServer;

/**
 * The OpenAI API on minigpt's {@link WebServer}: {@code /v1/models}, {@code /v1/completions},
 * {@code /v1/chat/completions}, {@code /health} and {@code /metrics}. Every request passes the request guard first;
 * every error is an OpenAI error body, never a stack trace.
 */
final class ApiServer implements AutoCloseable {
    /** Connections beyond the requests decoding and queued: health checks, scrapes, refusals, idle keep-alives. */
    private static final int SPARE_CONNECTIONS = 224;

    private final WebServer server;
    private final DecodingLoops loops;
    private final ServerMetrics metrics;
    private final AtomicInteger handling = new AtomicInteger();
    private volatile boolean closing;

    /**
     * @param cacheMegabytes each model's key/value cache budget; 0 for the model's default
     * @param allowedOrigins web pages' origins that may use the server, besides its own
     */
    record Settings(InetSocketAddress address, Optional<String> apiKey, int parallel, int queue, int maxTokens, long cacheMegabytes,
            Set<String> allowedOrigins) {
    }

    ApiServer(Plugins plugins, ServedModels models, Settings settings) throws Exception {
        this.metrics = new ServerMetrics();
        this.loops = new DecodingLoops(models, settings.parallel(), settings.queue(), settings.cacheMegabytes(), metrics);
        Parts parts = new Parts(plugins);
        GenerationEndpoint completions = new GenerationEndpoint(false, models, parts, loops, metrics, settings.maxTokens());
        GenerationEndpoint chat = new GenerationEndpoint(true, models, parts, loops, metrics, settings.maxTokens());
        WebServer.Limits limits = WebServer.Limits.defaults();
        this.server = WebServer.on(settings.address(), "minigpt-serve")
                .route("GET", "/v1/models", exchange -> exchange.sendJson(200, modelList(models)))
                .route("POST", "/v1/completions", serving(completions))
                .route("POST", "/v1/chat/completions", serving(chat))
                .route("GET", "/health", exchange -> exchange.sendJson(200, Map.of("status", "ok")))
                .route("GET", "/metrics", exchange -> exchange.send(200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape().getBytes(StandardCharsets.UTF_8)))
                .apiKey(settings.apiKey(), Set.of("/health"))
                .allowedOrigins(settings.allowedOrigins())
                .errors(ApiError::body)
                .listener(metrics::request)
                .limits(new WebServer.Limits(settings.parallel() + settings.queue() + SPARE_CONNECTIONS, limits.idleTimeout(),
                        limits.bodyTimeout()))
                .start();
    }

    /** A generation endpoint that refuses new work once the server is shutting down, and is counted until it ends. */
    private Endpoint serving(GenerationEndpoint endpoint) {
        return exchange -> {
            handling.incrementAndGet();
            try {
                if (closing) {
                    throw new ApiError(503, "server_error", null, "shutting_down", "the server is shutting down");
                }
                endpoint.handle(exchange, System.nanoTime());
            } finally {
                handling.decrementAndGet();
            }
        };
    }

    URI uri() {
        return server.uri();
    }

    /** Sequences decoding now, over every model. */
    int sequences() {
        return loops.sequences();
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
        server.close();
        return cut;
    }

    @Override
    public void close() {
        loops.close();
        server.close();
    }
}
