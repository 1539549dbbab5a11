package org.minigpt.studio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.minigpt.api.MinigptException;
import org.minigpt.api.model.Decoder;
import org.minigpt.core.chat.ChatReply;
import org.minigpt.core.chat.ChatTemplate;
import org.minigpt.core.chat.ChatTokenizer;
import org.minigpt.core.chat.ChatWindow;
import org.minigpt.core.chat.Conversation;
import org.minigpt.core.chat.Message;
import org.minigpt.core.chat.Role;
import org.minigpt.http.Endpoint;
import org.minigpt.http.EventStream;
import org.minigpt.http.Exchange;
import org.minigpt.http.HttpError;

/**
 * {@code GET /api/chat?messages=[{"role":…,"content":…},…]&temperature=&top_k=&top_p=&max_tokens=&seed=}: the
 * instruction-tuned model's reply to the conversation as server-sent events, a {@code text} event per piece,
 * then {@code done} with the whole reply and how many messages were {@code dropped}: the oldest exchanges go to fit
 * the model's window; a last message that does not fit alone is a 400 saying so.
 */
final class ChatEndpoint implements Endpoint {
    private final StudioModel models;

    ChatEndpoint(StudioModel models) {
        this.models = models;
    }

    @Override
    public void handle(Exchange exchange) throws Exception {
        Map<String, String> query = exchange.query();
        Conversation conversation = conversation(query.getOrDefault("messages", ""));
        Sampling.Dials dials = Sampling.Dials.from(query);
        int maxTokens = (int) StudioSettings.whole(query, "max_tokens", 200, 1, GenerateEndpoint.MAX_TOKENS);
        long seed = StudioSettings.whole(query, "seed", new SplittableRandom().nextLong(), -(1L << 53), 1L << 53);
        StudioModel.Loaded model = models.current();
        if (!(model.tokenizer() instanceof ChatTokenizer tokenizer)) {
            throw new HttpError(409, "the run " + model.run() + " is not instruction-tuned; tune it with"
                    + " minigpt train --init-from RUN --data chat.jsonl and open that run");
        }
        ChatTemplate template = new ChatTemplate(tokenizer);
        Conversation fitted;
        try {
            fitted = ChatWindow.fitOrRefuse(template, conversation, model.model().contextLength());
        } catch (MinigptException e) {
            // a character the tokenizer never saw, or a message too long for the window: said before the stream opens
            throw new HttpError(400, e.getMessage());
        }
        var sampler = dials.chain(models.plugins(), tokenizer);
        EventStream stream = exchange.events();
        try (Decoder decoder = model.decoder()) {
            ChatReply.Reply reply = new ChatReply(decoder, template, sampler).answer(fitted, maxTokens, new SplittableRandom(seed),
                    piece -> stream.event("text", Map.of("text", piece)), stream::broken);
            stream.event("done", Map.of("text", reply.text(), "ended", reply.ended(), "run", model.run(), "step", model.step(),
                    "dropped", conversation.messages().size() - fitted.messages().size()));
        }
    }

    /** The query's messages, in order and ending with the user's; else a 400 saying what is wrong. */
    private static Conversation conversation(String json) {
        JsonNode list;
        try {
            list = Exchange.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "messages must be a JSON list of {\"role\", \"content\"}");
        }
        if (list == null || !list.isArray()) {
            throw new HttpError(400, "messages must be a JSON list of {\"role\", \"content\"}");
        }
        List<Message> messages = new ArrayList<>();
        for (JsonNode message : list) {
            String name = message.path("role").asText();
            // OpenAI's newer name for the system message, as the server takes it.
            Role role = Role.of(name.equals("developer") ? "system" : name).orElseThrow(() -> new HttpError(400,
                    "each message needs a role of system (or developer), user or assistant"));
            if (!message.path("content").isTextual()) {
                throw new HttpError(400, "each message needs its content as a string");
            }
            messages.add(new Message(role, message.path("content").asText()));
        }
        Conversation.problem(messages).ifPresent(problem -> {
            throw new HttpError(400, "messages: " + problem);
        });
        if (messages.get(messages.size() - 1).role() != Role.USER) {
            throw new HttpError(400, "messages must end with the user's turn, for the model to answer");
        }
        return new Conversation(messages);
    }
}
