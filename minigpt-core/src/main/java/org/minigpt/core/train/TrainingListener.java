package org.minigpt.core.train;

import java.nio.file.Path;
import org.minigpt.api.model.StepResult;

/** Follows a training run: progress displays, metrics, plots. Called on the training thread. */
public interface TrainingListener {
    /** Before the first step; {@code firstStep} is past 1 when the run resumes. */
    default void started(long firstStep, long lastStep, TrainingPoint resumedFrom) {
    }

    /** After every step, with its wall time. */
    default void stepped(long step, StepResult result, double learningRate, long nanos) {
    }

    /** At each {@code log_interval} and each evaluation: a point of the loss curve. */
    default void logged(TrainingPoint point) {
    }

    default void checkpointed(long step, Path folder) {
    }

    /** After the last step, or when the run stops early. */
    default void finished(TrainingPoint last) {
    }
}
