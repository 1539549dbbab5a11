package org.minigpt.example.norepeat;

import org.minigpt.api.sampler.Sampler;

/**
 * Drops every token among the last {@code window} tokens, so no token comes back within that many
 * steps (with a char tokenizer and window 1: never the same character twice in a row). If that
 * would drop every token, it drops none; a window below 1 drops nothing (the factory refuses one).
 */
public record NoRepeatSampler(int window) implements Sampler {
    @Override
    public void reshape(float[] logits, int[] history) {
        float[] kept = logits.clone();
        for (int i = Math.max(0, history.length - window); i < history.length; i++) {
            kept[history[i]] = Float.NEGATIVE_INFINITY;
        }
        for (float logit : kept) {
            if (logit != Float.NEGATIVE_INFINITY) {
                System.arraycopy(kept, 0, logits, 0, logits.length);
                return;
            }
        }
    }
}
