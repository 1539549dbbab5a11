package org.minigpt.cli;

import org.minigpt.api.MinigptException;
import org.minigpt.core.run.CheckpointProblem;
import org.minigpt.core.run.RunProblem;

/**
 * The one line a problem prints at the command line. Core states problems with runs and checkpoints in their
 * own terms; the remedies here name this CLI's options ({@code --run}, {@code --resume}, {@code --checkpoint}).
 */
final class CommandLineWording {
    private CommandLineWording() {
    }

    static String of(MinigptException problem) {
        if (problem instanceof RunProblem run) {
            return of(run);
        }
        if (problem instanceof CheckpointProblem checkpoint) {
            return of(checkpoint);
        }
        return problem.getMessage();
    }

    private static String of(RunProblem problem) {
        String run = problem.run().toString();
        return switch (problem.kind()) {
            case HOLDS_A_RUN -> "run directory " + run + " already holds a run; pick another --run DIR, or continue it with --resume "
                    + run + " (nothing was overwritten)";
            case IS_A_FILE -> "--run " + run + " is a file, not a directory";
            case MISSING -> "run directory " + run + " does not exist; train one with: minigpt train --run " + run;
            case NOT_A_RUN -> run + " is not a run directory (it has no config.properties); train one with: minigpt train --run " + run;
            case LOCKED -> "run " + run + " is being trained by another minigpt process" + problem.holder()
                    + "; wait for it or pick another --run";
        };
    }

    private static String of(CheckpointProblem problem) {
        if (problem.badName()) {
            return "--checkpoint must be latest, best or a step number, was '" + problem.problem() + "'";
        }
        return problem.problem() + "; " + (problem.alternatives().isEmpty() ? "it is the run's only checkpoint; train the run again"
                : "other checkpoints: --checkpoint " + String.join(", ", problem.alternatives()));
    }
}
