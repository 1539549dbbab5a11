package org.minigpt.samediff.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.minigpt.api.model.Decoder;

/** The {@link Decoder} of a GPT whose weights fit a Java-heap copy: {@link CachedForwardPass} on {@link KvSequence}s. */
public final class BatchedDecoder implements Decoder {
    private final SharedWeights weights;
    private final int vocabSize;
    private final int layers;
    private final int dModel;
    private final int window;
    private final long capacity;
    private final List<KvSequence> open = new ArrayList<>();
    private long reserved;

    /** @param capacity cache positions over all sequences */
    public BatchedDecoder(SharedWeights weights, int vocabSize, int layers, int dModel, int window, long capacity) {
        this.weights = weights;
        this.vocabSize = vocabSize;
        this.layers = layers;
        this.dModel = dModel;
        this.window = window;
        this.capacity = capacity;
    }

    /** The bytes one position of one sequence takes: a key and a value row of {@code dModel} floats per layer. */
    public static long bytesPerPosition(int layers, int dModel) {
        return 2L * layers * dModel * Float.BYTES + 2L * layers * 8;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int contextLength() {
        return window;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public long available() {
        return capacity - reserved;
    }

    @Override
    public Optional<Sequence> open(int positions) {
        checkPositions(positions);
        return reserve(positions).map(ok -> track(new KvSequence(this, layers, dModel, window, positions, positions)));
    }

    @Override
    public Optional<Sequence> fork(Sequence parent, int positions) {
        KvSequence from = own(parent);
        checkPositions(positions);
        // A fork copies its parent's keys: it reserves them too.
        return reserve(Math.min(window, from.length() + positions)).map(ok -> track(new KvSequence(from, positions)));
    }

    private void checkPositions(int positions) {
        if (positions < 1 || positions > window) {
            throw new IllegalArgumentException("a sequence holds 1 to " + window + " positions, not " + positions);
        }
    }

    private Optional<Boolean> reserve(int positions) {
        if (positions > available()) {
            return Optional.empty();
        }
        reserved += positions;
        return Optional.of(true);
    }

    private Sequence track(KvSequence sequence) {
        open.removeIf(held -> !held.belongsTo(this));
        open.add(sequence);
        return sequence;
    }

    void giveBack(int positions) {
        reserved -= positions;
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
            if (feed.tokens().length > sequence.room()) {
                throw new IllegalArgumentException(feed.tokens().length + " tokens do not fit the sequence's room for "
                        + sequence.room() + " (window " + window + ")");
            }
            for (int token : feed.tokens()) {
                if (token < 0 || token >= vocabSize) {
                    throw new IllegalArgumentException("token " + token + " is outside the vocabulary of " + vocabSize);
                }
            }
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
