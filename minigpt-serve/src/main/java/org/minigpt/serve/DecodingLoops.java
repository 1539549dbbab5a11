package org.minigpt.serve;

import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link DecodingLoop} per served model, each with its own decoder over the model's weights. */
final class DecodingLoops implements AutoCloseable {
    private final Map<String, DecodingLoop> loops = new LinkedHashMap<>();

    /**
     * @param parallel sequences each model decodes at once
     * @param cacheMegabytes each model's cache budget; 0 for the model's default
     */
    DecodingLoops(ServedModels models, int parallel, int queue, long cacheMegabytes, ServerMetrics metrics) {
        for (ServedModel model : models.all()) {
            long bytes = cacheMegabytes > 0 ? cacheMegabytes << 20 : model.model().defaultCacheBytes();
            loops.put(model.name(), new DecodingLoop(model.name(), model.model().decoder(bytes), parallel, queue, metrics));
        }
        metrics.watch(this);
    }

    DecodingLoop of(ServedModel model) {
        return loops.get(model.name());
    }

    /** Sequences decoding, over every model. */
    int sequences() {
        return loops.values().stream().mapToInt(DecodingLoop::sequences).sum();
    }

    /** Requests waiting, over every model. */
    int waiting() {
        return loops.values().stream().mapToInt(DecodingLoop::waiting).sum();
    }

    /** The largest share of a model's cache reserved. */
    double cacheUse() {
        return loops.values().stream().mapToDouble(DecodingLoop::cacheUse).max().orElse(0);
    }

    @Override
    public void close() {
        loops.values().forEach(DecodingLoop::close);
    }
}
