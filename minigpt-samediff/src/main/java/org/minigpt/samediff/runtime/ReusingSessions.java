package org.minigpt.samediff.runtime;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.samediff.InferenceFactory;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gives the graphs registered here inference sessions that compute into {@link ReusedArrays}. SameDiff
 * creates one session per graph and thread through a process-wide factory; this one answers for the
 * registered graphs only and leaves every other graph to the factory it replaced.
 */
public final class ReusingSessions implements InferenceFactory {
    private final InferenceFactory others;
    private final List<WeakReference<SameDiff>> graphs = new ArrayList<>();

    private ReusingSessions(InferenceFactory others) {
        this.others = others;
    }

    /**
     * The reusing sessions, made SameDiff's factory by the first model that asks (SameDiff keeps one factory for
     * the whole process, so that is where they are found again).
     */
    public static ReusingSessions install() {
        synchronized (SameDiff.class) {
            if (SameDiff.getInferenceFactory() instanceof ReusingSessions installed) {
                return installed;
            }
            ReusingSessions sessions = new ReusingSessions(SameDiff.getInferenceFactory());
            SameDiff.bindInferenceFactory(sessions);
            return sessions;
        }
    }

    /**
     * From now on, {@code graph} runs in sessions that reuse their arrays from call to call. Sessions it
     * already has (SameDiff makes one while it defines a gradient graph) are dropped: they hold no
     * more than a cache, and the next call makes a new one.
     */
    public void register(SameDiff graph) {
        add(graph);
        graph.getSessions().clear();
    }

    /** Frees the arrays this thread's session of {@code graph} holds now; its next call allocates afresh. */
    public static void freeArrays(SameDiff graph) {
        if (graph.getSessions().get(Thread.currentThread().getId()) instanceof Session session) {
            session.arrays.close();
        }
    }

    /** Frees the arrays of {@code graph}'s sessions now, rather than when the collector finds them: the graph is done. */
    public static void release(SameDiff graph) {
        graph.getSessions().values().forEach(session -> {
            if (session instanceof Session reusing) {
                reusing.arrays.close();
            }
        });
        graph.getSessions().clear();
    }

    private synchronized void add(SameDiff graph) {
        graphs.removeIf(reference -> reference.get() == null);
        if (!registered(graph)) {
            graphs.add(new WeakReference<>(graph));
        }
    }

    private synchronized boolean registered(SameDiff graph) {
        return graphs.stream().anyMatch(reference -> reference.get() == graph);
    }

    @Override
    public InferenceSession create(SameDiff graph) {
        return registered(graph) ? new Session(graph) : others.create(graph);
    }

    /**
     * Arrays the sessions of {@code graph} have allocated so far, over all threads. Arrays released within a
     * call are handed out again in the order SameDiff releases them, which varies a little from call to call,
     * so a few are made afresh each call (and as many unused ones closed).
     */
    public static long arraysCreated(SameDiff graph) {
        return sessions(graph).mapToLong(session -> session.arrays.created()).sum();
    }

    /** Arrays the sessions of {@code graph} hold now, over all threads: flat once its calls repeat. */
    public static long arraysHeld(SameDiff graph) {
        return sessions(graph).mapToLong(session -> session.arrays.held()).sum();
    }

    private static Stream<Session> sessions(SameDiff graph) {
        return graph.getSessions().values().stream().filter(Session.class::isInstance).map(Session.class::cast);
    }

    /** An inference session that starts each call by taking back the arrays of its last one. */
    static final class Session extends InferenceSession {
        private final ReusedArrays arrays = new ReusedArrays(id -> freedArrays.remove(id));

        Session(SameDiff graph) {
            super(graph);
            setMmgr(arrays);
        }

        @Override
        protected Map<String, INDArray> preprocessPlaceholders(Map<String, INDArray> placeholders, At at) {
            arrays.startCall(); // once per call, before anything of this call is allocated
            // calculateGradients turns the gradient graph's releases off, so every array of a step lived to its end.
            sameDiff.setEnableCache(true);
            return super.preprocessPlaceholders(placeholders, at);
        }
    }
}
