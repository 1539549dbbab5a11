package org.minigpt.core.internal.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.minigpt.api.MinigptException;
import org.minigpt.core.chat.ChatExample;
import org.minigpt.core.chat.Conversation;
import org.minigpt.core.chat.Message;

class ChatFileTest {
    private static final String GOOD = "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"assistant\", \"content\": \"Hello\"}]}";

    @TempDir
    Path folder;

    private Path file(String... lines) throws Exception {
        Path file = folder.resolve("chat.jsonl");
        Files.write(file, List.of(lines));
        return file;
    }

    @Test
    void readsMessagesAndPromptCompletionLinesWithTheirTasks() throws Exception {
        Path file = file(GOOD, "", "{\"task\": \"echo\", \"prompt\": \"a\", \"completion\": \"b\"}");
        List<ChatExample> examples = ChatFile.read(file, false).examples();
        assertEquals(2, examples.size());
        assertEquals(new Conversation(List.of(Message.user("Hi"), Message.assistant("Hello"))), examples.get(0).conversation());
        assertEquals(ChatExample.NO_TASK, examples.get(0).task());
        assertEquals("echo", examples.get(1).task());
        assertEquals(3, examples.get(1).line());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{not json | not JSON (Unexpected character ('n' (code 110)): was expecting double-quote to start field name)",
        "[1, 2] | not a JSON object",
        "{\"text\": \"x\"} | has neither \"messages\" nor \"prompt\" and \"completion\"",
        "{\"messages\": [{\"content\": \"Hi\"}]} | \"role\" is missing",
        "{\"messages\": [{\"role\": \"bot\", \"content\": \"Hi\"}]} | unknown role \"bot\"; roles are system, user and assistant",
        "{\"messages\": [{\"role\": \"assistant\", \"content\": \"Hi\"}]} | message 1 is assistant where user must come (a system message first, if any, then user and assistant in turn, user first)",
        "{\"messages\": [{\"role\": \"user\", \"content\": \"\"}, {\"role\": \"assistant\", \"content\": \"x\"}]} | message 1 (user) has empty content",
        "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]} | the conversation ends with user, not with the assistant's answer to learn",
        "{\"messages\": [{\"role\": \"user\", \"content\": 5}, {\"role\": \"assistant\", \"content\": \"x\"}]} | \"content\" is not a string",
        "{\"messages\": []} | it has no messages",
    })
    void aBadLineIsOneErrorNamingFileAndLine(String line, String problem) throws Exception {
        Path file = file(GOOD, line);
        MinigptException e = assertThrows(MinigptException.class, () -> ChatFile.read(file, false));
        assertEquals(file + ":2: " + problem + "; fix the line, or set chat.skip_bad_lines=true to skip such lines", e.getMessage());
        ChatFile.Contents skipped = ChatFile.read(file, true);
        assertEquals(1, skipped.examples().size());
        assertEquals(1, skipped.skipped());
    }

    @Test
    void aFileWithNoConversationSaysWhatALineLooksLike() throws Exception {
        Path file = file("", " ");
        MinigptException e = assertThrows(MinigptException.class, () -> ChatFile.read(file, false));
        assertEquals(file + " holds no conversation; write one JSON object a line, e.g. {\"messages\": [{\"role\": \"user\","
                + " \"content\": \"Hi\"}, {\"role\": \"assistant\", \"content\": \"Hello\"}]}", e.getMessage());
    }

    @Test
    void writtenExamplesReadBackTheSame() throws Exception {
        Path file = folder.resolve("out.jsonl");
        List<ChatExample> examples = List.of(new ChatExample(new Conversation(List.of(Message.system("S \"q\""),
                Message.user("é\n"), Message.assistant("x"))), "t", 1));
        ChatFile.write(file, examples);
        assertEquals(examples, ChatFile.read(file, false).examples());
    }
}
