package org.minigpt.core.run;

import java.nio.file.Path;
import org.minigpt.api.TypedProblem;

/**
 * A run directory that cannot be used as asked. The message speaks of directories; a front end words the
 * remedy in its own terms from {@link #kind} and {@link #subject} (the CLI names its {@code --run} and
 * {@code --resume} options).
 * Its {@link #detail}: who holds a locked run (e.g. {@code " (pid 12, since …)"}), or a finished run's steps and
 * a number to raise {@code train.steps} to ({@code "40|80"}).
 */
public final class RunProblem extends TypedProblem {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the directory. */
    public enum Kind { HOLDS_A_RUN, IS_A_FILE, UNDER_A_FILE, MISSING, NOT_A_RUN, LOCKED, NOTHING_TO_RESUME, FINISHED }

    private RunProblem(Kind kind, Path run, String holder, String message) {
        super(kind, run, holder, message);
    }

    static RunProblem holdsARun(Path run) {
        return new RunProblem(Kind.HOLDS_A_RUN, run, "", "run directory " + run
                + " already holds a run; pick another run directory, or resume this one (nothing was overwritten)");
    }

    static RunProblem isAFile(Path run) {
        return new RunProblem(Kind.IS_A_FILE, run, "", "run directory " + run + " is a file, not a directory");
    }

    static RunProblem underAFile(Path run, Path file) {
        return new RunProblem(Kind.UNDER_A_FILE, run, file.toString(), "cannot make run directory " + run + ": " + file
                + " is a file, not a directory; choose another run directory");
    }

    static RunProblem missing(Path run) {
        return new RunProblem(Kind.MISSING, run, "", "run directory " + run + " does not exist; train a run there first");
    }

    static RunProblem notARun(Path run) {
        return new RunProblem(Kind.NOT_A_RUN, run, "", run + " is not a run directory (it has no "
                + RunDirectory.CONFIG_FILE + "); train a run there first");
    }

    /** @param holder who holds the lock, e.g. " (pid 12, since …)", or "" */
    public static RunProblem locked(Path run, String holder) {
        return new RunProblem(Kind.LOCKED, run, holder, "run " + run + " is being trained by another minigpt process" + holder
                + "; wait for it or pick another run directory");
    }

    public Kind kind() {
        return (Kind) kindOf();
    }

    /** A run stopped before its first checkpoint: there is nothing to resume. */
    public static RunProblem nothingToResume(Path run) {
        return new RunProblem(Kind.NOTHING_TO_RESUME, run, "", run + " has no checkpoint to resume from (it stopped before its"
                + " first); start it again as a new run");
    }

    /** A run that already trained its {@code steps}: to train on, {@code train.steps} must rise (e.g. to {@code suggested}). */
    public static RunProblem finished(Path run, long steps, long suggested) {
        return new RunProblem(Kind.FINISHED, run, steps + "|" + suggested, run + " already finished its " + steps
                + " steps; to train on, raise train.steps, e.g. to " + suggested);
    }
}
