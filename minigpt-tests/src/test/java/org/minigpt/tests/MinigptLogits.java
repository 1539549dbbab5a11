package org.minigpt.tests;

import java.nio.file.Path;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.model.Decoder;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.SavedRun;
import org.minigpt.core.run.RunDirectory;

/** A run's tokenizer and best checkpoint in process, for the next token minigpt would pick and by how much. */
final class MinigptLogits implements AutoCloseable {
    /** Top two logits closer than this are a near tie, which float rounding in another runtime may flip. */
    static final double NEAR_TIE = 0.01;

    /** The argmax after a context, and its lead over the runner-up. */
    record Next(int token, double lead) {
        boolean nearTie() {
            return lead < NEAR_TIE;
        }
    }

    private final Tokenizer tokenizer;
    private final SavedRun.Model model;
    private final Decoder decoder;

    MinigptLogits(Path run) throws Exception {
        Plugins plugins = Plugins.discover(MinigptLogits.class.getClassLoader());
        RunDirectory directory = RunDirectory.open(run);
        tokenizer = SavedRun.tokenizer(plugins, directory);
        model = SavedRun.model(plugins, directory, tokenizer, "best", note -> { });
        decoder = model.model().decoder();
    }

    Tokenizer tokenizer() {
        return tokenizer;
    }

    Next after(int[] context) {
        float[] logits = decoder.logitsAfter(context);
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        double second = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.length; i++) {
            if (i != best) {
                second = Math.max(second, logits[i]);
            }
        }
        return new Next(best, logits[best] - second);
    }

    @Override
    public void close() {
        decoder.close();
        model.close();
    }
}
