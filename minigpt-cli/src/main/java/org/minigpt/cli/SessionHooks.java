package org.minigpt.cli;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.cli.train.TrainingListener;

/**
 * What watches and may stop a training session besides its own displays and files: the command
 * line's Ctrl-C and Prometheus endpoint, or a program embedding minigpt (the studio) with its own
 * listeners and stop button.
 *
 * @param metricsPort the Prometheus endpoint's port, null for none
 * @param handleSignals Ctrl-C and SIGTERM stop the session (only the command line owns the process's signals)
 * @param stopRequested polled before each step: true stops the run with a checkpoint
 * @param watchers more listeners, given the model being trained and its tokenizer
 */
public record SessionHooks(Integer metricsPort, boolean handleSignals, BooleanSupplier stopRequested,
        BiFunction<LanguageModel, Tokenizer, List<TrainingListener>> watchers) {

    static SessionHooks commandLine(Integer metricsPort) {
        return new SessionHooks(metricsPort, true, () -> false, (model, tokenizer) -> List.of());
    }

    /** For an embedding program: no signals, no Prometheus endpoint. */
    public static SessionHooks embedded(BooleanSupplier stopRequested,
            BiFunction<LanguageModel, Tokenizer, List<TrainingListener>> watchers) {
        return new SessionHooks(null, false, stopRequested, watchers);
    }
}
