package org.minigpt.core.internal.chat;

import org.minigpt.api.config.ConfigException;
import java.util.List;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.core.chat.ChatTemplate;

/**
 * The {@code chat.} keys of an instruction-tuned run.
 *
 * @param template the chat template, {@value ChatTemplate#NAME} (the only one)
 * @param skipBadLines skip and count chat-file lines that are bad or longer than a window, instead of failing on the first
 */
public record ChatOptions(String template, boolean skipBadLines) {
    public static final String SECTION = "chat";
    public static final Setting<String> TEMPLATE = Setting.choice("template", ChatTemplate.NAME, List.of(ChatTemplate.NAME),
            "the chat template an instruction-tuned run was tuned with");
    static final Setting<Boolean> SKIP_BAD_LINES = Setting.bool("skip_bad_lines", false,
            "skip and count chat-file lines that are bad or longer than a window, instead of stopping at the first");
    /** Every {@code chat.} setting. */
    public static final List<Setting<?>> SETTINGS = List.of(TEMPLATE, SKIP_BAD_LINES);

    public ChatOptions {
        if (!template.equals(ChatTemplate.NAME)) {
            throw new ConfigException(SECTION + "." + TEMPLATE.name() + " was '" + template + "' but the only template is "
                    + ChatTemplate.NAME);
        }
    }

    public static ChatOptions from(PluginConfig config) {
        return new ChatOptions(config.get(TEMPLATE), config.get(SKIP_BAD_LINES));
    }
}
