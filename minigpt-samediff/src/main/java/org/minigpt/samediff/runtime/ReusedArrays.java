package org.minigpt.samediff.runtime;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arrays one inference session computes into, handed out again within a call once SameDiff is done
 * with them, and on its next call. SameDiff 1.0.0-M2.1 gives back almost none of the arrays a gradient
 * call allocates (its session then keeps every array of the step to the end), so each training step
 * left hundreds of MB of native memory for the garbage collector, and a large model's step held all its
 * activations and their gradients at once. A training step allocates the same shapes every time, so
 * after the first few steps this allocates next to nothing, and a step's peak is its largest live set.
 *
 * <p>The contract this changes: an array a call returns stays valid until the same session (thread
 * and graph) runs its next call, not for ever. Arrays not needed by a whole call are freed, so the
 * pool is the working set of the last call.
 */
final class ReusedArrays extends AbstractMemoryMgr {
    private record Key(DataType type, long[] shape) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && type == key.type && Arrays.equals(shape, key.shape);
        }

        @Override
        public int hashCode() {
            return type.hashCode() * 31 + Arrays.hashCode(shape);
        }
    }

    private final Map<Key, ArrayDeque<INDArray>> free = new HashMap<>();
    private final Map<INDArray, Key> lent = new IdentityHashMap<>();
    private final Set<INDArray> usedThisCall = Collections.newSetFromMap(new IdentityHashMap<>());
    private final LongConsumer lentAgain;
    private long created;

    /** @param lentAgain told the id of each array handed out again, which its session may then release again */
    ReusedArrays(LongConsumer lentAgain) {
        this.lentAgain = lentAgain;
    }

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        return take(new Key(dataType, shape.clone()));
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        if (descriptor.isEmpty()) {
            return Nd4j.create(descriptor);
        }
        // Row-major whatever the descriptor asks, as SameDiff's own manager allocates: xw_plus_b asks for
        // column-major output, which made it and the ops after it several times slower.
        return take(new Key(descriptor.dataType(), descriptor.getShape().clone()));
    }

    private INDArray take(Key key) {
        ArrayDeque<INDArray> pool = free.get(key);
        INDArray array = pool == null ? null : pool.poll();
        if (array == null) {
            array = Nd4j.createUninitializedDetached(key.type(), key.shape());
            created++;
        } else {
            lentAgain.accept(array.getId());
        }
        lent.put(array, key);
        usedThisCall.add(array);
        return array;
    }

    /**
     * SameDiff is done with {@code array}: it may be handed out again in this call, unless a view still
     * shares its buffer (then it waits for the next call, as SameDiff's own manager refuses to cache it).
     */
    @Override
    public void release(INDArray array) {
        if (array.data() == null || Nd4j.getExecutioner().useCount(array.data()) > 1) {
            return;
        }
        Key key = lent.remove(array);
        if (key != null) {
            free.computeIfAbsent(key, k -> new ArrayDeque<>()).push(array);
        }
    }

    /** A new call starts: what the last call lent is free again; what it did not use at all is closed. */
    void startCall() {
        free.values().forEach(pool -> pool.removeIf(array -> {
            if (usedThisCall.contains(array)) {
                return false;
            }
            closeQuietly(array);
            return true;
        }));
        free.values().removeIf(ArrayDeque::isEmpty);
        lent.forEach((array, key) -> free.computeIfAbsent(key, k -> new ArrayDeque<>()).push(array));
        lent.clear();
        usedThisCall.clear();
    }

    /** Arrays allocated so far (not taken from the pool). */
    long created() {
        return created;
    }

    /** Arrays this pool holds now, free or lent: flat once the calls repeat. */
    long held() {
        return lent.size() + free.values().stream().mapToLong(ArrayDeque::size).sum();
    }

    @Override
    public void close() {
        free.values().forEach(pool -> pool.forEach(ReusedArrays::closeQuietly));
        lent.keySet().forEach(ReusedArrays::closeQuietly);
        free.clear();
        lent.clear();
        usedThisCall.clear();
    }

    private static void closeQuietly(INDArray array) {
        if (array.closeable()) {
            array.close();
        }
    }
}
