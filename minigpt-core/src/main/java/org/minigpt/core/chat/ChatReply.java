package org.minigpt.core.chat;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.minigpt.api.model.Decoder;
import org.minigpt.core.generate.Completion;
import org.minigpt.api.sampler.SamplerChain;

/**
 * The assistant's next turn: tokens sampled after the conversation's prompt until {@code <|end|>}. The
 * template's other special tokens are never chosen: a reply is text and its end.
 */
public final class ChatReply {
    private final Decoder decoder;
    private final ChatTemplate template;
    private final SamplerChain sampler;

    /** The reply's text; {@code ended} when the model closed it with {@code <|end|>} rather than running out of tokens. */
    public record Reply(String text, int tokens, boolean ended) {
    }

    public ChatReply(Decoder decoder, ChatTemplate template, SamplerChain sampler) {
        this.decoder = decoder;
        this.template = template;
        this.sampler = sampler;
    }

    /**
     * @param out handed each new piece of the reply's text as soon as it is certain
     * @param stop polled before each token: true ends the reply where it is
     */
    public Reply answer(Conversation conversation, int maxTokens, RandomGenerator rng, Consumer<String> out, BooleanSupplier stop) {
        Completion.Result result = completion(template, sampler).run(decoder, template.prompt(conversation), maxTokens, List.of(), rng,
                piece -> out.accept(piece.text()), stop);
        return new Reply(result.text(), result.tokens().length, result.finish() == Completion.Finish.STOP);
    }

    /** The completion a reply is: it ends at {@code <|end|>}, and never chooses the template's other tokens. */
    public static Completion completion(ChatTemplate template, SamplerChain sampler) {
        return new Completion(template.tokenizer(), sampler).endingAt(template.end())
                .banningFrom(template.tokenizer().textTokens());
    }
}
