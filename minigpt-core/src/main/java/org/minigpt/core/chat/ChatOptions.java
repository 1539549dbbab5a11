package org.minigpt.core.chat;

import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;

/**
 * The {@code chat.} keys of an instruction-tuned run.
 *
 * @param template the chat template, {@value ChatTemplate#NAME} (the only one)
 * @param skipBadLines skip and count chat-file lines that are bad or longer than a window, instead of failing on the first
 */
public record ChatOptions(String template, boolean skipBadLines) {
    public static final String SECTION = "chat";
    public static final String TEMPLATE = "template";
    public static final String SKIP_BAD_LINES = "skip_bad_lines";

    public ChatOptions {
        if (!template.equals(ChatTemplate.NAME)) {
            throw new ConfigException(SECTION + "." + TEMPLATE + " was '" + template + "' but the only template is "
                    + ChatTemplate.NAME);
        }
    }

    public static ChatOptions from(PluginConfig config) {
        return new ChatOptions(config.string(TEMPLATE, ChatTemplate.NAME), config.bool(SKIP_BAD_LINES, false));
    }
}
