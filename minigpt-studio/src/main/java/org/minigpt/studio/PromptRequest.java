package org.minigpt.studio;

import java.io.IOException;
import java.util.Map;

/**
 * What {@code /api/generate} and {@code /api/next} both read: the query's prompt and sampling dials, checked, and
 * then the studio's current model with the prompt in its tokens.
 */
record PromptRequest(String prompt, Sampling.Dials dials) {
    /** The model and the prompt's tokens. */
    record Prompted(StudioModel.Loaded model, int[] tokens) {
    }

    static PromptRequest of(Map<String, String> query) {
        return new PromptRequest(StudioSettings.prompt(query), Sampling.Dials.from(query));
    }

    /** The current model and the prompt encoded by it: a character its tokenizer never saw is a 400 before any reply. */
    Prompted on(StudioModel models) throws IOException {
        StudioModel.Loaded model = models.current();
        return new Prompted(model, model.tokenizer().encode(prompt));
    }
}
