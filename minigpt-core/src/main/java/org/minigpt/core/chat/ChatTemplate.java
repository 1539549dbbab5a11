package org.minigpt.core.chat;

import java.util.ArrayList;
import java.util.List;
import org.minigpt.api.tokenizer.Tokenizer;

/**
 * minigpt's chat template: each message is {@code <|role|>content<|end|>}; a reply is asked for with
 * {@code <|assistant|>} and ends at {@code <|end|>}. Learning scores the assistant's content and its
 * {@code <|end|>} only (as nanochat's {@code render_conversation}): the model learns to answer, not to
 * write the user's side.
 */
public final class ChatTemplate {
    /** The value of {@code chat.template} in an instruction-tuned run's config. */
    public static final String NAME = "minigpt";
    public static final String SYSTEM = "<|system|>";
    public static final String USER = "<|user|>";
    public static final String ASSISTANT = "<|assistant|>";
    public static final String END = "<|end|>";
    public static final List<String> SPECIAL_TOKENS = List.of(SYSTEM, USER, ASSISTANT, END);
    /**
     * The template in Jinja, as llama.cpp and Hugging Face apply it: the same tokens as {@link #prompt}, with the
     * OpenAI {@code developer} role read as {@code system}, as the server and the studio read it.
     */
    public static final String JINJA = "{% for message in messages %}"
            + "{% if message['role'] == 'developer' %}{% set role = 'system' %}{% else %}{% set role = message['role'] %}{% endif %}"
            + "{{ '<|' + role + '|>' + message['content'] + '<|end|>' }}"
            + "{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}";

    private final ChatTokenizer tokenizer;

    /** A conversation's tokens, and which of them a loss scores (as targets). */
    public record Rendered(int[] tokens, boolean[] scored) {
    }

    public ChatTemplate(ChatTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** {@code text} with the template's special tokens after its own. */
    public static ChatTokenizer tokenizerFor(Tokenizer text) {
        return new ChatTokenizer(text, SPECIAL_TOKENS);
    }

    public ChatTokenizer tokenizer() {
        return tokenizer;
    }

    /** The id that ends a message, where a reply stops. */
    public int end() {
        return tokenizer.special(END);
    }

    /**
     * Every message of {@code conversation}, the assistant's content and {@code <|end|>} scored.
     *
     * @throws org.minigpt.api.MinigptException for text the tokenizer cannot encode
     */
    public Rendered render(Conversation conversation) {
        List<Integer> tokens = new ArrayList<>();
        List<Boolean> scored = new ArrayList<>();
        for (Message message : conversation.messages()) {
            boolean answer = message.role() == Role.ASSISTANT;
            append(tokens, scored, tokenizer.special(opening(message.role())), false);
            for (int id : tokenizer.encode(message.content())) {
                append(tokens, scored, id, answer);
            }
            append(tokens, scored, end(), answer);
        }
        int[] ids = tokens.stream().mapToInt(Integer::intValue).toArray();
        boolean[] marks = new boolean[ids.length];
        for (int i = 0; i < marks.length; i++) {
            marks[i] = scored.get(i);
        }
        return new Rendered(ids, marks);
    }

    /** {@code conversation} (ending with the user) then {@code <|assistant|>}: what a reply continues. */
    public int[] prompt(Conversation conversation) {
        int[] messages = render(conversation).tokens();
        int[] prompt = java.util.Arrays.copyOf(messages, messages.length + 1);
        prompt[messages.length] = tokenizer.special(ASSISTANT);
        return prompt;
    }

    /** The rendered conversation as text, special tokens by name: what {@code minigpt chat --template} shows. */
    public String text(Conversation conversation) {
        return tokenizer.decode(render(conversation).tokens());
    }

    private static String opening(Role role) {
        return switch (role) {
            case SYSTEM -> SYSTEM;
            case USER -> USER;
            case ASSISTANT -> ASSISTANT;
        };
    }

    private static void append(List<Integer> tokens, List<Boolean> scored, int id, boolean score) {
        tokens.add(id);
        scored.add(score);
    }
}
