package org.minigpt.core;

import java.nio.file.Path;

/**
 * Where a fine-tuned run started: the trained run, the step of its checkpoint, and that model's
 * held-out loss on the new text (the same batches the run evaluates), the figure fine-tuning must beat.
 */
public record Origin(Path run, long step, double valLoss) {
    /** The config key naming the trained run a new run starts from, as {@code RUN[@CHECKPOINT]}. */
    public static final String INIT_FROM = "init.from";

    /** The value of {@code init.from} that names this start exactly. */
    public String key() {
        return run + "@" + step;
    }
}
