package org.minigpt.spark;

import java.io.IOException;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The idle replicas of each run on this executor JVM. Spark gives a task no other place to keep a model
 * between rounds than the executor's own memory, so this is a per-process cache, as Spark jobs keep connections.
 */
final class Replicas {
    private static final Map<String, Queue<Replica>> IDLE = new ConcurrentHashMap<>();

    private Replicas() {
    }

    /** A replica of {@code spec}'s run that no other task is using, built when there is none. */
    static Replica borrow(WorkerSpec spec) throws IOException {
        Replica idle = IDLE.computeIfAbsent(spec.id(), id -> new ConcurrentLinkedQueue<>()).poll();
        return idle != null ? idle : Replica.build(spec);
    }

    static void giveBack(String run, Replica replica) {
        IDLE.computeIfAbsent(run, id -> new ConcurrentLinkedQueue<>()).add(replica);
    }

    /** Closes the run's replicas in this JVM: the driver's own when its executors are threads of it ({@code local[N]}). */
    static void release(String run) {
        Queue<Replica> idle = IDLE.remove(run);
        if (idle != null) {
            idle.forEach(Replica::close);
        }
    }
}
