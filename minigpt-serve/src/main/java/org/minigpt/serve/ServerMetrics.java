package org.minigpt.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
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
    private final DistributionSummary batchSequences;
    private final DistributionSummary batchRows;

    ServerMetrics() {
        tokensIn = Counter.builder("minigpt.tokens").tag("direction", "in").description("tokens read from prompts (direction=in) and written in completions (direction=out)").register(registry);
        tokensOut = Counter.builder("minigpt.tokens").tag("direction", "out").description("tokens read from prompts (direction=in) and written in completions (direction=out)").register(registry);
        firstToken = Timer.builder("minigpt.time.to.first.token").description("from a request's arrival to its first token")
                .publishPercentileHistogram().register(registry);
        perToken = Timer.builder("minigpt.token.latency").description("between one generated token and the next")
                .publishPercentileHistogram().register(registry);
        batchSequences = DistributionSummary.builder("minigpt.batch.sequences").description("sequences advanced by one decoding step")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64).register(registry);
        batchRows = DistributionSummary.builder("minigpt.batch.rows")
                .description("tokens computed by one decoding step: a token for each running sequence, plus prompt chunks")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128).register(registry);
    }

    /** The decoding loops' state, read at each scrape. */
    void watch(DecodingLoops loops) {
        Gauge.builder("minigpt.queue.depth", loops, DecodingLoops::waiting).description("requests waiting to start decoding")
                .register(registry);
        Gauge.builder("minigpt.sequences.active", loops, DecodingLoops::sequences).description("sequences decoding")
                .register(registry);
        Gauge.builder("minigpt.kv.cache.usage", loops, DecodingLoops::cacheUse)
                .description("share of a model's key/value cache positions reserved (the fullest model's)").register(registry);
    }

    /** A decoding step advanced {@code sequences} by {@code rows} tokens in all. */
    void stepped(int sequences, int rows, long cacheReserved, long cacheCapacity) {
        batchSequences.record(sequences);
        batchRows.record(rows);
    }

    void request(String endpoint, int status) {
        Counter.builder("minigpt.requests").tag("endpoint", endpoint).tag("status", Integer.toString(status))
                .description("responses by endpoint and status: guard refusals included, 499 for a client that left mid-reply")
                .register(registry).increment();
    }

    void promptTokens(int count) {
        tokensIn.increment(count);
    }

    /** A token chosen, {@code sinceLast} after the choice's previous one (or the request's arrival, for the first). */
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
