package org.minigpt.core.internal.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.minigpt.api.MinigptException;
import org.minigpt.core.chat.ChatExample;
import org.minigpt.core.chat.Conversation;
import org.minigpt.core.chat.Message;
import org.minigpt.core.chat.Role;

/**
 * A JSONL chat file, one conversation a line, in the OpenAI fine-tuning format
 * {@code {"messages": [{"role": "system"|"user"|"assistant", "content": "…"}, …]}} or as
 * {@code {"prompt": "…", "completion": "…"}}; an optional {@code "task"} names the example's family.
 * Blank lines are passed over.
 */
public final class ChatFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The examples read, and how many bad lines were skipped. */
    public record Contents(List<ChatExample> examples, int skipped) {
    }

    private ChatFile() {
    }

    /** Whether {@code file} is read as chat data: its name ends in {@code .jsonl}. */
    public static boolean isChatData(Path file) {
        return file.getFileName().toString().endsWith(".jsonl");
    }

    /**
     * Every conversation of {@code file}.
     *
     * @param skipBad skip and count bad lines instead of failing on the first
     * @throws MinigptException naming {@code FILE:LINE} and what is wrong with it
     */
    public static Contents read(Path file, boolean skipBad) {
        List<ChatExample> examples = new ArrayList<>();
        int skipped = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    examples.add(parse(line, number));
                } catch (MinigptException e) {
                    if (!skipBad) {
                        throw new MinigptException(file + ":" + number + ": " + e.getMessage()
                                + "; fix the line, or set chat.skip_bad_lines=true to skip such lines");
                    }
                    skipped++;
                }
            }
        } catch (CharacterCodingException e) {
            throw new MinigptException(file + " is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw new MinigptException("cannot read " + file + ": " + e.getMessage());
        }
        if (examples.isEmpty()) {
            throw new MinigptException(file + " holds no conversation" + (skipped > 0 ? " (" + skipped + " bad lines skipped)" : "")
                    + "; write one JSON object a line, e.g. {\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"},"
                    + " {\"role\": \"assistant\", \"content\": \"Hello\"}]}");
        }
        return new Contents(examples, skipped);
    }

    /** Writes {@code examples} as {@code file}, one line each with its task, whole or not at all (through a temporary file). */
    public static void write(Path file, List<ChatExample> examples) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (var writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            for (ChatExample example : examples) {
                ObjectNode line = JSON.createObjectNode();
                line.put("task", example.task());
                ArrayNode messages = line.putArray("messages");
                for (Message message : example.conversation().messages()) {
                    messages.addObject().put("role", message.role().key()).put("content", message.content());
                }
                writer.write(JSON.writeValueAsString(line));
                writer.write('\n');
            }
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static ChatExample parse(String line, int number) {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new MinigptException("not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new MinigptException("not a JSON object");
        }
        String task = root.hasNonNull("task") ? text(root, "task") : ChatExample.NO_TASK;
        List<Message> messages = new ArrayList<>();
        if (root.has("messages")) {
            JsonNode list = root.get("messages");
            if (!list.isArray()) {
                throw new MinigptException("\"messages\" is not a list");
            }
            for (JsonNode message : list) {
                if (!message.isObject()) {
                    throw new MinigptException("a message is not an object with \"role\" and \"content\"");
                }
                String roleName = text(message, "role");
                Role role = Role.of(roleName).orElseThrow(() -> new MinigptException("unknown role \"" + roleName
                        + "\"; roles are system, user and assistant"));
                messages.add(new Message(role, text(message, "content")));
            }
        } else if (root.has("prompt") || root.has("completion")) {
            messages.add(Message.user(text(root, "prompt")));
            messages.add(Message.assistant(text(root, "completion")));
        } else {
            throw new MinigptException("has neither \"messages\" nor \"prompt\" and \"completion\"");
        }
        Optional<String> problem = Conversation.problem(messages);
        if (problem.isPresent()) {
            throw new MinigptException(problem.get());
        }
        if (messages.get(messages.size() - 1).role() != Role.ASSISTANT) {
            throw new MinigptException("the conversation ends with " + messages.get(messages.size() - 1).role().key()
                    + ", not with the assistant's answer to learn");
        }
        return new ChatExample(new Conversation(messages), task, number);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new MinigptException("\"" + field + "\" is missing");
        }
        if (!value.isTextual()) {
            throw new MinigptException("\"" + field + "\" is not a string");
        }
        return value.asText();
    }
}
