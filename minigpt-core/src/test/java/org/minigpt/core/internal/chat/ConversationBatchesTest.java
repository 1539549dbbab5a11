package org.minigpt.core.internal.chat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.minigpt.api.MinigptException;
import org.minigpt.api.model.Batch;
import org.minigpt.tokenizers.bytes.ByteTokenizer;
import org.minigpt.core.chat.ChatExample;
import org.minigpt.core.chat.ChatTemplate;
import org.minigpt.core.chat.Conversation;
import org.minigpt.core.chat.Message;

class ConversationBatchesTest {
    private static final int X = Batch.IGNORED;
    private static final ChatTemplate TEMPLATE = new ChatTemplate(ChatTemplate.tokenizerFor(new ByteTokenizer()));
    private static final int USER = TEMPLATE.tokenizer().special(ChatTemplate.USER);
    private static final int ASSISTANT = TEMPLATE.tokenizer().special(ChatTemplate.ASSISTANT);
    private static final int END = TEMPLATE.end();

    private static ChatTemplate.Rendered qa(String question, String answer) {
        return TEMPLATE.render(new Conversation(List.of(Message.user(question), Message.assistant(answer))));
    }

    @Test
    void wholeConversationsArePackedAndEveryUnscoredTargetAndThePaddingIgnored() {
        // Each conversation is 7 tokens: <|user|> q <|end|> <|assistant|> a b <|end|>.
        List<Batch> batches = ConversationBatches.batches(List.of(qa("q", "ab"), qa("r", "cd"), qa("s", "ef")), 15, 8);
        assertEquals(1, batches.size());
        Batch batch = batches.get(0);
        assertEquals(2, batch.size()); // two fit a window of 16 tokens; the third starts the next
        assertArrayEquals(new int[] {USER, 'q', END, ASSISTANT, 'a', 'b', END, USER, 'r', END, ASSISTANT, 'c', 'd', END, 0},
                java.util.Arrays.copyOfRange(batch.inputs(), 0, 15));
        assertArrayEquals(new int[] {X, X, X, 'a', 'b', END, X, X, X, X, 'c', 'd', END, X, X},
                java.util.Arrays.copyOfRange(batch.targets(), 0, 15));
        assertArrayEquals(new int[] {X, X, X, 'e', 'f', END, X, X, X, X, X, X, X, X, X},
                java.util.Arrays.copyOfRange(batch.targets(), 15, 30));
        assertEquals(9, batch.scoredTargets());
    }

    @Test
    void aConversationLongerThanAWindowNamesItsLine() {
        ChatFile.Contents contents = new ChatFile.Contents(List.of(
                new ChatExample(new Conversation(List.of(Message.user("q"), Message.assistant("ab"))), "t", 1),
                new ChatExample(new Conversation(List.of(Message.user("a long question"), Message.assistant("ab"))), "t", 2)), 0);
        MinigptException e = assertThrows(MinigptException.class,
                () -> ConversationBatches.of("chat.jsonl", contents, TEMPLATE, 8, 4, 0, 1, false));
        assertEquals("chat.jsonl:2: the conversation is 21 tokens, longer than a window of model.context_length + 1 = 9;"
                + " shorten it, or set chat.skip_bad_lines=true to skip such lines", e.getMessage());
        ConversationBatches skipping = ConversationBatches.of("chat.jsonl", contents, TEMPLATE, 8, 4, 0, 1, true);
        assertEquals("1 conversations (1 skipped) in 1 windows: 1 train, 0 validation", skipping.summary());
    }

    @Test
    void theSameSeedAndIndexDrawTheSameBatch() {
        List<ChatExample> examples = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            examples.add(new ChatExample(new Conversation(List.of(Message.user("q" + i), Message.assistant("a" + i))), "t", i + 1));
        }
        ChatFile.Contents contents = new ChatFile.Contents(examples, 0);
        ConversationBatches one = ConversationBatches.of("f", contents, TEMPLATE, 16, 4, 0.1, 7, false);
        ConversationBatches two = ConversationBatches.of("f", contents, TEMPLATE, 16, 4, 0.1, 7, false);
        assertArrayEquals(one.trainBatch(5).inputs(), two.trainBatch(5).inputs());
        assertArrayEquals(one.trainBatch(5).targets(), two.trainBatch(5).targets());
        assertEquals(one.validationBatches(3, 4).get(0).targets().length, two.validationBatches(3, 4).get(0).targets().length);
    }
}
