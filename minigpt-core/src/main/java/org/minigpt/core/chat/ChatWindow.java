package org.minigpt.core.chat;

import java.util.ArrayList;
import java.util.List;
import org.minigpt.api.MinigptException;

/** Keeps a conversation within a model's window: the oldest exchanges go first, the system message stays. */
public final class ChatWindow {
    /** The share of the window kept free for a reply. */
    private static final int REPLY_SHARE = 8;

    private ChatWindow() {
    }

    /**
     * {@code conversation} (ending with the user) without its oldest exchanges, until its prompt leaves an eighth
     * of {@code window} for the reply or only the last message is left.
     */
    public static Conversation fit(ChatTemplate template, Conversation conversation, int window) {
        List<Message> messages = new ArrayList<>(conversation.messages());
        int first = messages.get(0).role() == Role.SYSTEM ? 1 : 0;
        while (messages.size() - first > 1 && template.prompt(new Conversation(messages)).length > window - window / REPLY_SHARE) {
            messages.remove(first); // a user turn, then its answer
            messages.remove(first);
        }
        return new Conversation(messages);
    }

    /**
     * {@link #fit}, refused with a message saying so when even the last message alone leaves the window no room for
     * a reply.
     */
    public static Conversation fitOrRefuse(ChatTemplate template, Conversation conversation, int window) {
        Conversation fitted = fit(template, conversation, window);
        int promptTokens = template.prompt(fitted).length;
        if (promptTokens >= window) {
            throw new MinigptException("the message takes " + promptTokens + " tokens with the template, and the model sees "
                    + window + " at once: no room for a reply; write a shorter one");
        }
        return fitted;
    }
}
