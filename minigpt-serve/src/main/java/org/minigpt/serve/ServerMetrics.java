package org.minigpt.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/** What {@code GET /metrics} shows, through Micrometer's Prometheus registry. */
final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter tokensIn;
    private final Counter tokensOut;
    private final Timer firstToken;
    private final Timer perToken;

    ServerMetrics(Slots slots) {
        tokensIn = Counter.builder("minigpt.tokens").tag("direction", "in").description("prompt tokens read").register(registry);
        tokensOut = Counter.builder("minigpt.tokens").tag("direction", "out").description("tokens generated").register(registry);
        firstToken = Timer.builder("minigpt.time.to.first.token").description("from a request's arrival to its first token")
                .publishPercentileHistogram().register(registry);
        perToken = Timer.builder("minigpt.token.latency").description("between one generated token and the next")
                .publishPercentileHistogram().register(registry);
        Gauge.builder("minigpt.queue.depth", slots, Slots::waiting).description("requests waiting for a slot").register(registry);
        Gauge.builder("minigpt.slots.busy", slots, Slots::busy).description("slots generating").register(registry);
    }

    void request(String endpoint, int status) {
        Counter.builder("minigpt.requests").tag("endpoint", endpoint).tag("status", Integer.toString(status))
                .description("requests answered").register(registry).increment();
    }

    void promptTokens(int count) {
        tokensIn.increment(count);
    }

    /** A token's logits computed, {@code sinceLast} after the previous one's (or the request's arrival, for the first). */
    void tokenTimed(Duration sinceLast, boolean first) {
        (first ? firstToken : perToken).record(sinceLast);
    }

    void completionTokens(int count) {
        tokensOut.increment(count);
    }

    String scrape() {
        return registry.scrape();
    }
}
