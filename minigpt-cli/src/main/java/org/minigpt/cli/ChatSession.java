package org.minigpt.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.model.Decoder;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.core.Parts;
import org.minigpt.core.chat.ChatReply;
import org.minigpt.core.chat.ChatTemplate;
import org.minigpt.core.chat.Conversation;
import org.minigpt.core.chat.Message;
import org.minigpt.core.chat.ChatWindow;

/**
 * One conversation with a model: the turns so far, kept within the model's window by dropping the
 * oldest turns (the system message stays), and the sampler settings a user may change as it goes.
 */
final class ChatSession {
    private final LanguageModel model;
    private final ChatTemplate template;
    private final Parts parts;
    private final int maxTokens;
    private final RandomGenerator rng;
    private final List<Message> turns = new ArrayList<>();
    private Config config;
    private SamplerChain sampler;
    private String system;
    private boolean toldOfDropping;

    ChatSession(LanguageModel model, ChatTemplate template, Parts parts, Config config, int maxTokens, RandomGenerator rng,
            String system) {
        this.model = model;
        this.template = template;
        this.parts = parts;
        this.config = config;
        this.sampler = parts.samplerChain(config, template.tokenizer());
        this.maxTokens = maxTokens;
        this.rng = rng;
        this.system = system;
    }

    /**
     * Answers {@code text}, printing the reply as it comes; {@code stop} cuts it short (the turn is kept as far as it
     * got). A message the tokenizer cannot write, or that leaves the window no room for a reply, is refused with a
     * {@link MinigptException} and the conversation stays as it was.
     */
    void say(String text, PrintStream out, BooleanSupplier stop) {
        turns.add(Message.user(text));
        Conversation conversation;
        try {
            conversation = fitted(out);
        } catch (MinigptException e) {
            turns.remove(turns.size() - 1);
            throw e;
        }
        ChatReply.Reply reply;
        try (Decoder decoder = model.decoder()) {
            reply = new ChatReply(decoder, template, sampler).answer(conversation, maxTokens, rng, piece -> {
                out.print(piece);
                out.flush();
            }, stop);
        }
        out.println();
        turns.add(Message.assistant(reply.text().isEmpty() ? " " : reply.text()));
    }

    void reset() {
        turns.clear();
    }

    void system(String text) {
        system = text.isBlank() ? null : text;
    }

    /** A sampler setting, checked by building the chain before it takes effect. */
    void set(String key, String value) {
        String section = Plugins.SAMPLER;
        if (!key.equals(section) && !key.startsWith(section + ".")) {
            throw new MinigptException("/set takes sampler settings (sampler=NAME,... or sampler.NAME.KEY=VALUE); " + key
                    + " is not one");
        }
        Config changed = config.with(Map.of(key, value));
        String[] names = key.split("\\.");
        List<String> chain = List.of(changed.pluginName(section, Parts.DEFAULT_SAMPLER).replace(" ", "").split(","));
        if (names.length > 1 && !chain.contains(names[1])) {
            throw new MinigptException(key + " sets a sampler the chain does not use (sampler=" + String.join(",", chain)
                    + "); set sampler=" + names[1] + " first");
        }
        sampler = parts.samplerChain(changed, template.tokenizer());
        config = changed;
    }

    /** The conversation as the model sees it, special tokens by name. */
    String context() {
        return turns.isEmpty() ? "" : template.text(conversation());
    }

    private Conversation conversation() {
        List<Message> messages = new ArrayList<>();
        if (system != null) {
            messages.add(Message.system(system));
        }
        messages.addAll(turns);
        return new Conversation(messages);
    }

    /**
     * Drops the oldest exchanges until the prompt leaves room for a reply in the window; says so once. Fails, and
     * drops nothing, when a message cannot be written or the last one alone leaves no room.
     */
    private Conversation fitted(PrintStream out) {
        Conversation whole = conversation();
        Conversation fitted = ChatWindow.fitOrRefuse(template, whole, model.contextLength());
        int dropped = whole.messages().size() - fitted.messages().size();
        if (dropped > 0) {
            turns.subList(0, dropped).clear();
            if (!toldOfDropping) {
                out.println("(older turns dropped to keep the conversation within the model's " + model.contextLength()
                        + "-token window)");
                toldOfDropping = true;
            }
        }
        return fitted;
    }
}
