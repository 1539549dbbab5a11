package org.minigpt.core.chat;

import java.util.List;
import java.util.Optional;

/**
 * Messages in order: an optional system message first, then user and assistant turns alternating,
 * starting with the user. A conversation to learn from ends with the assistant; a prompt ends with the user.
 */
public record Conversation(List<Message> messages) {
    public Conversation {
        messages = List.copyOf(messages);
        problem(messages).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** What is wrong with the order or content of {@code messages}, if anything, in words for a user. */
    public static Optional<String> problem(List<Message> messages) {
        if (messages.isEmpty()) {
            return Optional.of("it has no messages");
        }
        int first = messages.get(0).role() == Role.SYSTEM ? 1 : 0;
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            if (message.content().isEmpty()) {
                return Optional.of("message " + (i + 1) + " (" + message.role().key() + ") has empty content");
            }
            if (i < first) {
                continue;
            }
            Role expected = (i - first) % 2 == 0 ? Role.USER : Role.ASSISTANT;
            if (message.role() != expected) {
                return Optional.of("message " + (i + 1) + " is " + message.role().key() + " where " + expected.key()
                        + " must come (a system message first, if any, then user and assistant in turn, user first)");
            }
        }
        if (messages.size() == first) {
            return Optional.of("it has only a system message");
        }
        return Optional.empty();
    }

    /** The last message, e.g. the assistant's answer a task expects. */
    public Message last() {
        return messages.get(messages.size() - 1);
    }

    /** The messages before the last: the prompt of a conversation that ends with the assistant. */
    public Conversation withoutLast() {
        return new Conversation(messages.subList(0, messages.size() - 1));
    }
}
