package org.minigpt.core.generate;

import java.util.List;
import org.minigpt.api.model.Decoder.Sequence;

/**
 * One prompt and its choices, each a {@link CompletionCursor}, as a {@link CompletionScheduler} decodes them: the
 * first choice's sequence takes the prompt, the others fork it. Done when every choice has ended. Only
 * {@link #cancel} and {@link #done} may be called from other threads than the scheduler's.
 */
public final class CompletionRequest {
    /** Told, on the stepping thread, as a request's choices take tokens and end. */
    public interface Progress {
        /** Choice {@code choice} took a token (or its end). */
        default void token(int choice) {
        }

        /** Choice {@code choice} ended, with its result; it has handed on all its pieces. */
        default void ended(int choice, Completion.Result result) {
        }
    }

    final int[] prompt;
    final List<CompletionCursor> choices;
    final Progress progress;
    /** Positions the first choice's sequence reserves, and each fork. */
    final int positions;
    final int forkPositions;
    final Sequence[] held;
    final int[][] next;
    final boolean[] ended;
    /** Prompt tokens fed so far. */
    int fed;
    private final Runnable wake;
    private volatile boolean cancelled;
    private volatile boolean done;

    CompletionRequest(List<CompletionCursor> choices, Progress progress, int window, Runnable wake) {
        int[] whole = choices.get(0).history();
        int maxTokens = choices.get(0).remaining();
        this.prompt = ContextWindow.prompt(whole, window);
        this.choices = List.copyOf(choices);
        this.progress = progress == null ? new Progress() { } : progress;
        this.positions = ContextWindow.positions(whole.length, maxTokens, window);
        this.forkPositions = ContextWindow.forkPositions(whole.length, maxTokens, window);
        this.held = new Sequence[choices.size()];
        this.next = new int[choices.size()][];
        this.ended = new boolean[choices.size()];
        this.wake = wake;
    }

    /** Ends every choice where it is, at the scheduler's next step; their sequences are freed then. */
    public void cancel() {
        cancelled = true;
        wake.run();
    }

    public boolean done() {
        return done;
    }

    boolean cancelled() {
        return cancelled;
    }

    void markDone() {
        done = true;
    }

    /** The positions the forks may take (their own, and a copy of the prompt's), promised when the request is admitted. */
    long forksPromised() {
        return (long) (choices.size() - 1) * (forkPositions + prompt.length);
    }

    boolean prefilled() {
        return fed == prompt.length;
    }

    boolean forked() {
        return choices.size() == 1 || held[1] != null;
    }

    /** Ends the choices that have not ended, as cancelled. */
    void cancelChoices() {
        choices.forEach(CompletionCursor::cancel);
    }

    /** A request that never started decoding ends, each choice cancelled before its first token. */
    void endUnstarted() {
        cancelChoices();
        for (int c = 0; c < choices.size(); c++) {
            progress.ended(c, choices.get(c).result());
        }
        markDone();
    }

    /**
     * Choice {@code choice} has ended (its cursor finished): its sequence is released and progress told; the request
     * is done with its last choice. Returns false when the choice had already ended.
     */
    boolean endChoice(int choice) {
        if (ended[choice]) {
            return false;
        }
        ended[choice] = true;
        if (held[choice] != null) {
            held[choice].release();
        }
        progress.ended(choice, choices.get(choice).result());
        for (boolean over : ended) {
            if (!over) {
                return true;
            }
        }
        markDone();
        return true;
    }
}
