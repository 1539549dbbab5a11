package org.minigpt.core.chat;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.sampler.SamplerChain;

/**
 * The assistant's next turn: tokens sampled after the conversation's prompt until {@code <|end|>}. The
 * template's other special tokens are never chosen: a reply is text and its end.
 */
public final class ChatReply {
    private final LanguageModel model;
    private final ChatTemplate template;
    private final SamplerChain sampler;

    /** The reply's text; {@code ended} when the model closed it with {@code <|end|>} rather than running out of tokens. */
    public record Reply(String text, int tokens, boolean ended) {
    }

    public ChatReply(LanguageModel model, ChatTemplate template, SamplerChain sampler) {
        this.model = model;
        this.template = template;
        this.sampler = sampler;
    }

    /**
     * @param out handed each new piece of the reply's text as soon as it is certain
     * @param stop polled before each token: true ends the reply where it is
     */
    public Reply answer(Conversation conversation, int maxTokens, RandomGenerator rng, Consumer<String> out, BooleanSupplier stop) {
        int[] prompt = template.prompt(conversation);
        int[] tokens = Arrays.copyOf(prompt, prompt.length + maxTokens);
        int length = prompt.length;
        ChatTokenizer tokenizer = template.tokenizer();
        SamplerChain chain = sampler.start();
        String text = "";
        int shown = 0;
        boolean ended = false;
        while (length < tokens.length && !stop.getAsBoolean()) {
            float[] logits = model.nextTokenLogits(Arrays.copyOf(tokens, length));
            for (int id = tokenizer.text().vocabSize(); id < logits.length; id++) {
                if (id != template.end()) {
                    logits[id] = Float.NEGATIVE_INFINITY;
                }
            }
            int next = chain.next(logits, Arrays.copyOf(tokens, length), rng);
            if (next == template.end()) {
                ended = true;
                break;
            }
            tokens[length++] = next;
            text = tokenizer.decode(Arrays.copyOfRange(tokens, prompt.length, length));
            // A trailing U+FFFD is usually a character whose bytes have not all arrived.
            int certain = text.endsWith("\uFFFD") ? text.length() - 1 : text.length();
            if (certain > shown) {
                out.accept(text.substring(shown, certain));
                shown = certain;
            }
        }
        if (text.length() > shown) {
            out.accept(text.substring(shown));
        }
        return new Reply(text, length - prompt.length, ended);
    }
}
