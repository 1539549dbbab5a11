package org.minigpt.studio;

import java.io.IOException;
import java.util.Map;
import org.minigpt.http.Exchange;

/**
 * What {@code /api/generate} and {@code /api/next} both read first: the query, its prompt encoded by the studio's
 * current model (a character the tokenizer never saw is a 400 before any reply starts) and the sampling dials.
 */
record PromptRequest(Map<String, String> query, String prompt, int[] tokens, Sampling.Dials dials, StudioModel.Loaded model) {
    static PromptRequest read(Exchange exchange, StudioModel models) throws IOException {
        Map<String, String> query = exchange.query();
        String prompt = StudioSettings.prompt(query);
        Sampling.Dials dials = Sampling.Dials.from(query);
        StudioModel.Loaded model = models.current();
        return new PromptRequest(query, prompt, model.tokenizer().encode(prompt), dials, model);
    }
}
