package org.minigpt.serve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minigpt.core.generate.SequenceLimit;

/**
 * The {@link DecodingLoop}s of every served model: one a core, each with its own decoder over the model's
 * weights, so the cores decode without waiting for each other; a request goes to the model's least busy loop.
 */
final class DecodingLoops implements AutoCloseable {
    private final Map<String, List<DecodingLoop>> loops = new LinkedHashMap<>();
    private final List<RequestGate> gates = new ArrayList<>();

    /**
     * @param parallel sequences each model decodes at once, over all its loops
     * @param queue requests that may wait for each model beyond {@code parallel} decoding ones
     * @param cacheMegabytes each model's cache budget, shared out over its loops; 0 for the model's default
     */
    DecodingLoops(ServedModels models, int parallel, int queue, long cacheMegabytes, ServerMetrics metrics) {
        int count = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), parallel));
        for (ServedModel model : models.all()) {
            long bytes = cacheMegabytes > 0 ? cacheMegabytes << 20 : model.model().defaultCacheBytes();
            List<DecodingLoop> own = new ArrayList<>();
            SequenceLimit limit = new SequenceLimit(parallel);
            RequestGate gate = new RequestGate(parallel + queue);
            gates.add(gate);
            for (int i = 0; i < count; i++) {
                own.add(new DecodingLoop(model.name() + "-" + i, model.model().decoder(bytes / count), limit, gate, metrics));
            }
            loops.put(model.name(), own);
        }
        metrics.watch(this);
    }

    /** The model's loop with the fewest sequences decoding and waiting. */
    DecodingLoop of(ServedModel model) {
        return loops.get(model.name()).stream().min(Comparator.comparingInt(loop -> loop.sequences() + loop.waiting()))
                .orElseThrow();
    }

    private List<DecodingLoop> all() {
        return loops.values().stream().flatMap(List::stream).toList();
    }

    /** Requests decoding or waiting, over every model. */
    int requests() {
        return gates.stream().mapToInt(RequestGate::outstanding).sum();
    }

    /** Starts no more requests: those waiting end at once (503), those decoding go on. */
    void stopAdmitting() {
        all().forEach(DecodingLoop::stopAdmitting);
    }

    /** Sequences decoding, over every model. */
    int sequences() {
        return all().stream().mapToInt(DecodingLoop::sequences).sum();
    }

    /** Requests waiting, over every model. */
    int waiting() {
        return all().stream().mapToInt(DecodingLoop::waiting).sum();
    }

    /** The largest share of a loop's cache reserved. */
    double cacheUse() {
        return all().stream().mapToDouble(DecodingLoop::cacheUse).max().orElse(0);
    }

    @Override
    public void close() {
        all().forEach(DecodingLoop::close);
    }
}
