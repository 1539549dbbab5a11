package org.minigpt.core.chat;

/**
 * One conversation of a chat file, with where it stands and the task family it belongs to
 * ({@code "task"} in the file; {@code chat} when it names none).
 */
public record ChatExample(Conversation conversation, String task, int line) {
    public static final String NO_TASK = "chat";
}
