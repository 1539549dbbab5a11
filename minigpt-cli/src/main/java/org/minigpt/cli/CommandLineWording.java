package org.minigpt.cli;

import org.minigpt.api.MinigptException;
import org.minigpt.core.corpus.CorpusProblem;
import org.minigpt.core.data.DataProblem;
import org.minigpt.core.run.CheckpointProblem;
import org.minigpt.core.run.RunProblem;

/**
 * The one line a problem prints at the command line. Core states problems with runs, checkpoints, data and corpora
 * in their own terms; the remedies here name this CLI's commands and options ({@code --run}, {@code --resume},
 * {@code --checkpoint}, {@code --data}, {@code --init-from}, {@code prepare}).
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
        if (problem instanceof DataProblem data) {
            return of(data);
        }
        if (problem instanceof CorpusProblem corpus) {
            return of(corpus);
        }
        return problem.getMessage();
    }

    private static String of(RunProblem problem) {
        String run = problem.subject().toString();
        return switch (problem.kind()) {
            case HOLDS_A_RUN -> "run directory " + run + " already holds a run; pick another --run DIR, or continue it with --resume "
                    + run + " (nothing was overwritten)";
            case IS_A_FILE -> "--run " + run + " is a file, not a directory";
            case UNDER_A_FILE -> "cannot make --run " + run + ": " + problem.detail() + " is a file, not a directory; pick another --run";
            case MISSING -> "run directory " + run + " does not exist; train one with: minigpt train --run " + run;
            case NOT_A_RUN -> run + " is not a run directory (it has no config.properties); train one with: minigpt train --run " + run;
            case LOCKED -> "run " + run + " is being trained by another minigpt process" + problem.detail()
                    + "; wait for it or pick another --run";
            case NOTHING_TO_RESUME -> run + " has no checkpoint to resume from (it stopped before its first);"
                    + " start it again with: minigpt train --run DIR";
            case FINISHED -> {
                String[] steps = problem.detail().split("\\|");
                yield run + " already finished its " + steps[0] + " steps; to train on, raise train.steps, e.g. --set train.steps="
                        + steps[1];
            }
        };
    }

    private static String of(DataProblem problem) {
        String file = problem.subject().toString();
        return switch (problem.kind()) {
            case MISSING -> "data file " + file + " does not exist; pass a UTF-8 text file with --data";
            case IS_A_DIRECTORY -> "data file " + file + " is a directory; pass a UTF-8 text file with --data";
            case EMPTY -> "data file " + file + " is empty; pass a UTF-8 text file with --data";
            case TOO_LARGE -> file + " " + problem.detail() + "; prepare it once into token shards, which train reads from disk:"
                    + " minigpt prepare --data " + file + " --out CORPUS, then train --data CORPUS";
            case NO_DOWNLOAD -> {
                String[] why = problem.detail().split("\\|", 2);
                yield "could not download TinyShakespeare (" + why[0] + "); pass a text file with --data FILE, or save " + why[1]
                        + " as " + file;
            }
            case CHAT_NEEDS_ORIGIN -> file + " is chat data, which tunes a pretrained run: set " + problem.detail()
                    + " to one (train --init-from RUN), or train on a text first";
        };
    }

    private static String of(CorpusProblem problem) {
        String folder = problem.subject().toString();
        return switch (problem.kind()) {
            case NOT_A_CORPUS -> folder + " has no manifest.json: it is a folder, not a prepared corpus; prepare it first:"
                    + " minigpt prepare --data " + folder + " --out CORPUS";
            case UNFINISHED -> folder + " has no manifest.json: its prepare did not finish; run minigpt prepare into it again";
            case OTHER_TOKENIZER -> folder + " was prepared with another tokenizer than " + problem.detail()
                    + "'s; prepare it with that one: minigpt prepare --tokenizer-from RUN ...";
            case OUT_IS_A_FILE -> folder + " is a file; prepare into a new folder (--out DIR)";
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
