package org.minigpt.core;

import java.nio.file.Path;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.core.internal.run.RunLock;

/**
 * A run's claim on its folder: a resumed run holds its lock from planning on; a new run, whose plan
 * writes nothing, takes its lock when it starts writing (and checks again that no run was started there).
 */
interface RunLease extends AutoCloseable {
    /** Holds the lock from here on; a no-op once held. */
    void hold();

    @Override
    void close();

    static RunLease held(RunLock lock) {
        return new RunLease() {
            @Override
            public void hold() {
            }

            @Override
            public void close() {
                lock.close();
            }
        };
    }

    static RunLease whenWriting(Path run) {
        return new RunLease() {
            private RunLock lock;

            @Override
            public void hold() {
                if (lock == null) {
                    RunDirectory.requireNew(run);
                    lock = RunLock.acquire(run);
                    try {
                        RunDirectory.requireNew(run); // another process may have started a run here since the plan
                    } catch (RuntimeException e) {
                        lock.close();
                        lock = null;
                        throw e;
                    }
                }
            }

            @Override
            public void close() {
                if (lock != null) {
                    lock.close();
                }
            }
        };
    }
}
