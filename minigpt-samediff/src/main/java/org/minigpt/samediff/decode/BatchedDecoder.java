package org.minigpt.samediff.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.minigpt.api.model.BudgetedDecoder;
import org.minigpt.api.model.Decoder;

/** The {@link Decoder} of a GPT whose weights fit a Java-heap copy: {@link CachedForwardPass} on {@link KvSequence}s. */
public final class BatchedDecoder extends BudgetedDecoder {
    private final SharedWeights weights;
    private final int layers;
    private final int dModel;
    private final int window;
    private final List<KvSequence> open = new ArrayList<>();

    /** @param capacity cache positions over all sequences */
    public BatchedDecoder(SharedWeights weights, int vocabSize, int layers, int dModel, int window, long capacity) {
        super(vocabSize, window, capacity);
        this.weights = weights;
        this.layers = layers;
        this.dModel = dModel;
        this.window = window;
    }

    /** The bytes one position of one sequence takes: a key and a value row of {@code dModel} floats per layer. */
    public static long bytesPerPosition(int layers, int dModel) {
        return 2L * layers * dModel * Float.BYTES + 2L * layers * 8;
    }

    @Override
    public Optional<Sequence> open(int positions) {
        checkPositions(positions);
        return reserve(positions) ? Optional.of(track(new KvSequence(this, layers, dModel, window, positions, positions)))
                : Optional.empty();
    }

    @Override
    public Optional<Sequence> fork(Sequence parent, int positions) {
        KvSequence from = own(parent);
        checkPositions(positions);
        // A fork copies its parent's keys: it reserves them too.
        return reserve(Math.min(window, from.length() + positions)) ? Optional.of(track(new KvSequence(from, positions)))
                : Optional.empty();
    }

    private Sequence track(KvSequence sequence) {
        open.removeIf(held -> !held.belongsTo(this));
        open.add(sequence);
        return sequence;
    }

    void release(int positions) {
        giveBack(positions);
    }

    private KvSequence own(Sequence sequence) {
        if (!(sequence instanceof KvSequence kv) || !kv.belongsTo(this)) {
            throw new IllegalArgumentException("the sequence is released or belongs to another decoder");
        }
        return kv;
    }

    @Override
    public List<float[]> step(List<Feed> feeds) {
        List<CachedForwardPass.Chunk> chunks = new ArrayList<>(feeds.size());
        Map<KvSequence, Boolean> seen = new IdentityHashMap<>();
        for (Feed feed : feeds) {
            KvSequence sequence = own(feed.sequence());
            if (seen.put(sequence, true) != null) {
                throw new IllegalArgumentException("a sequence is fed twice in one step");
            }
            checkFeed(feed.tokens(), sequence.room());
            chunks.add(new CachedForwardPass.Chunk(sequence, feed.tokens(), sequence.length(), feed.logits()));
        }
        if (chunks.isEmpty()) {
            return List.of();
        }
        float[][] logits = weights.get().forward(chunks);
        for (CachedForwardPass.Chunk chunk : chunks) {
            chunk.sequence().advance(chunk.tokens().length);
        }
        open.removeIf(sequence -> !sequence.belongsTo(this));
        return Arrays.asList(logits);
    }

    @Override
    public void close() {
        new ArrayList<>(open).forEach(KvSequence::release);
        open.clear();
    }
}
