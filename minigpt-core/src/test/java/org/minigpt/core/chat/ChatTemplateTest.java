package org.minigpt.core.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minigpt.tokenizers.bytes.ByteTokenizer;

class ChatTemplateTest {
    private static final ChatTokenizer TOKENIZER = ChatTemplate.tokenizerFor(new ByteTokenizer());
    private static final ChatTemplate TEMPLATE = new ChatTemplate(TOKENIZER);
    private static final Conversation TALK = new Conversation(List.of(Message.system("Be brief."), Message.user("Hi"),
            Message.assistant("Hello"), Message.user("Bye?"), Message.assistant("Bye!")));

    @Test
    void renderingRoundTripsThroughTheTokenizer() {
        String text = TEMPLATE.text(TALK);
        assertEquals("<|system|>Be brief.<|end|><|user|>Hi<|end|><|assistant|>Hello<|end|><|user|>Bye?<|end|>"
                + "<|assistant|>Bye!<|end|>", text);
        assertEquals(text, TOKENIZER.decode(TEMPLATE.render(TALK).tokens()));
    }

    @Test
    void textThatSpellsASpecialTokenNeverEncodesToIt() {
        int[] ids = TOKENIZER.encode("<|end|>");
        assertEquals(7, ids.length);
        assertTrue(Arrays.stream(ids).noneMatch(TOKENIZER::isSpecial));
        assertEquals(260, TOKENIZER.vocabSize());
        assertEquals(259, TEMPLATE.end());
    }

    @Test
    void onlyTheAssistantsTextAndItsEndAreScored() {
        ChatTemplate.Rendered rendered = TEMPLATE.render(new Conversation(List.of(Message.user("ab"), Message.assistant("cd"))));
        int[] expected = {TOKENIZER.special(ChatTemplate.USER), 'a', 'b', TEMPLATE.end(), TOKENIZER.special(ChatTemplate.ASSISTANT),
            'c', 'd', TEMPLATE.end()};
        assertArrayEquals(expected, rendered.tokens());
        boolean[] scored = rendered.scored();
        assertFalse(scored[0] || scored[1] || scored[2] || scored[3] || scored[4]);
        assertTrue(scored[5] && scored[6] && scored[7]);
    }

    @Test
    void aPromptEndsWithTheAssistantsOpening() {
        int[] prompt = TEMPLATE.prompt(new Conversation(List.of(Message.user("Hi"))));
        assertEquals("<|user|>Hi<|end|><|assistant|>", TOKENIZER.decode(prompt));
    }
}
