package org.minigpt.studio;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minigpt.api.model.Decoder;
import org.minigpt.api.sampler.Logits;
import org.minigpt.http.Endpoint;
import org.minigpt.http.Exchange;

/**
 * {@code GET /api/next?prompt=&temperature=&top_k=&top_p=}: the studio model's next-token
 * distribution after the prompt, its {@value #TOP} most likely tokens each with the model's own
 * probability ({@code before}) and the one the dials leave it ({@code after}).
 */
final class NextTokenEndpoint implements Endpoint {
    static final int TOP = 20;

    private final StudioModel models;

    NextTokenEndpoint(StudioModel models) {
        this.models = models;
    }

    @Override
    public void handle(Exchange exchange) throws Exception {
        PromptRequest request = PromptRequest.of(exchange.query());
        Sampling.Dials dials = request.dials();
        PromptRequest.Prompted prompted = request.on(models);
        StudioModel.Loaded model = prompted.model();
        int[] history = prompted.tokens();
        float[] logits;
        try (Decoder decoder = model.decoder()) {
            // A history past the window is seen by its last window, as generation would.
            logits = decoder.logitsAfter(Arrays.copyOfRange(history, Math.max(0, history.length - decoder.contextLength()),
                    history.length));
        }
        double[] before = Logits.softmax(logits);
        double[] after = dials.probabilities(models.plugins(), model.tokenizer(), logits, history);
        // Softmax keeps the logits' order: the most likely first, ties by lower id.
        List<Map<String, Object>> tokens = Arrays.stream(Logits.rankByLogit(logits)).boxed()
                .limit(TOP)
                .map(id -> {
                    Map<String, Object> token = new LinkedHashMap<>();
                    token.put("id", id);
                    token.put("text", model.tokenizer().decode(new int[] {id}));
                    token.put("before", before[id]);
                    token.put("after", after[id]);
                    return token;
                })
                .toList();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("run", model.run());
        reply.put("step", model.step());
        reply.put("tokens", tokens);
        exchange.sendJson(200, reply);
    }
}
