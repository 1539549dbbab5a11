package org.minigpt.core;

import java.nio.file.Path;
import java.time.Duration;
import org.minigpt.core.run.Checkpoint;
import org.minigpt.core.train.TrainingPoint;

/**
 * What one sitting of training did.
 *
 * @param step the last step trained, counted from the run's start
 * @param stoppedEarly asked to stop before the last step (a checkpoint was saved)
 * @param checkpoint the newest checkpoint, null if none was saved
 * @param firstLoss the loss of this sitting's first step
 * @param sessionSteps the steps trained in this sitting
 * @param session this sitting's wall time
 * @param charactersPerToken the held-out text's characters per token, for bits per character
 */
public record TrainingOutcome(Path run, long step, long totalSteps, boolean stoppedEarly, Checkpoint checkpoint,
        double firstLoss, TrainingPoint last, long sessionSteps, Duration session, long tokensPerStep,
        double charactersPerToken) {

    public double sessionTokensPerSecond() {
        return sessionSteps * tokensPerStep / (session.toNanos() / 1e9);
    }

    /** The last held-out loss in bits per character, NaN if the run never evaluated. */
    public double valBitsPerCharacter() {
        return last.valLoss() / Math.log(2) / charactersPerToken;
    }
}
