package org.minigpt.core.run;

import java.util.List;
import org.minigpt.api.MinigptException;

/**
 * A checkpoint that cannot be used as asked: a name that is none, or one that does not load, with the others a
 * user could pick instead. The message speaks of checkpoints; the CLI names its {@code --checkpoint} option.
 */
public final class CheckpointProblem extends MinigptException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final List<String> alternatives;
    private final boolean badName;

    private CheckpointProblem(String problem, List<String> alternatives, boolean badName, String message) {
        super(message);
        this.problem = problem;
        this.alternatives = List.copyOf(alternatives);
        this.badName = badName;
    }

    static CheckpointProblem badName(String name) {
        return new CheckpointProblem(name, List.of(), true, "a checkpoint is named latest, best or by its step, not '" + name + "'");
    }

    /** {@code problem}, and the steps of the run's other loadable checkpoints (none: it is the only one). */
    public static CheckpointProblem unloadable(String problem, List<String> alternatives) {
        return new CheckpointProblem(problem, alternatives, false, problem + "; " + (alternatives.isEmpty()
                ? "it is the run's only checkpoint; train the run again"
                : "other checkpoints: " + String.join(", ", alternatives)));
    }

    /** A name that is not {@code latest}, {@code best} or a step: then {@link #problem} is the name given. */
    public boolean badName() {
        return badName;
    }

    /** What went wrong loading it, or the bad name. */
    public String problem() {
        return problem;
    }

    /** The steps of the other checkpoints that load. */
    public List<String> alternatives() {
        return alternatives;
    }
}
