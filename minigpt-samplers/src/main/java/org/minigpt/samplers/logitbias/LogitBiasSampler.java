package org.minigpt.samplers.logitbias;

import java.util.Arrays;
import java.util.List;
import org.minigpt.api.sampler.Sampler;

/**
 * Adds a fixed bias to chosen tokens' logits (OpenAI's {@code logit_bias}); {@code -Infinity} bans a
 * token. A bias on a sequence of several tokens (Hugging Face's {@code sequence_bias}) applies to its
 * last token, and only where the history ends with the ones before it, so a text such as "ROMEO"
 * is made likelier or rarer as a whole under any tokenizer.
 */
public record LogitBiasSampler(List<Bias> biases) implements Sampler {
    /** {@code bias} added to the logit of {@code tokens}' last id after its others. */
    public record Bias(int[] tokens, double bias) {
        public Bias {
            if (tokens.length == 0) {
                throw new IllegalArgumentException("a bias needs at least one token");
            }
            tokens = tokens.clone();
        }

        boolean appliesAfter(int[] history) {
            int before = tokens.length - 1;
            if (history.length < before) {
                return false;
            }
            return Arrays.equals(tokens, 0, before, history, history.length - before, history.length);
        }

        int target() {
            return tokens[tokens.length - 1];
        }
    }

    public LogitBiasSampler {
        biases = List.copyOf(biases);
    }

    @Override
    public void reshape(float[] logits, int[] history) {
        for (Bias bias : biases) {
            if (bias.target() < logits.length && bias.appliesAfter(history)) {
                logits[bias.target()] = (float) (logits[bias.target()] + bias.bias());
            }
        }
    }
}
