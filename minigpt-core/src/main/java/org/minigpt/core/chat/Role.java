package org.minigpt.core.chat;

import java.util.Locale;
import java.util.Optional;

/** Who says a message, as the OpenAI message format names them. */
public enum Role {
    SYSTEM, USER, ASSISTANT;

    /** The name in chat files, e.g. {@code "user"}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> of(String key) {
        for (Role role : values()) {
            if (role.key().equals(key)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
