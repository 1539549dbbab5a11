package org.minigpt.serve;

import java.time.Duration;
import org.minigpt.api.model.NextTokenModel;

/** A slot's decoder that times each token for the metrics: the first from the request's arrival, the rest from the one before. */
final class TimedDecoder implements NextTokenModel {
    private final NextTokenModel decoder;
    private final ServerMetrics metrics;
    private long last;
    private boolean first = true;

    TimedDecoder(NextTokenModel decoder, ServerMetrics metrics, long arrivedNanos) {
        this.decoder = decoder;
        this.metrics = metrics;
        this.last = arrivedNanos;
    }

    @Override
    public int vocabSize() {
        return decoder.vocabSize();
    }

    @Override
    public int contextLength() {
        return decoder.contextLength();
    }

    @Override
    public float[] nextTokenLogits(int[] context) {
        float[] logits = decoder.nextTokenLogits(context);
        long now = System.nanoTime();
        metrics.tokenTimed(Duration.ofNanos(now - last), first);
        first = false;
        last = now;
        return logits;
    }
}
