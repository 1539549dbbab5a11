package org.minigpt.studio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * {@code GET /api/chat?messages=[{"role":…,"content":…},…]&temperature=&top_k=&top_p=&max_tokens=&seed=}: the
 * instruction-tuned model's reply to the conversation as server-sent events, a {@code text} event per piece,
 * then {@code done} with the whole reply. The oldest exchanges are dropped to fit the model's window.
 */
final class ChatEndpoint implements Http.Endpoint {
    private final StudioModel models;

    ChatEndpoint(StudioModel models) {
        this.models = models;
    }

    @Override
    public void handle(HttpExchange exchange) throws Exception {
        Map<String, String> query = Http.query(exchange);
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
            fitted = ChatWindow.fit(template, conversation, model.model().contextLength());
            template.prompt(fitted);
        } catch (MinigptException e) {
            throw new HttpError(400, e.getMessage()); // a character the tokenizer never saw, before the stream opens
        }
        var sampler = dials.chain(models.plugins(), tokenizer);
        EventStream stream = EventStream.open(exchange);
        try (Decoder decoder = model.decoder()) {
            ChatReply.Reply reply = new ChatReply(decoder, template, sampler).answer(fitted, maxTokens, new SplittableRandom(seed),
                    piece -> send(stream, piece), () -> false);
            stream.send("done", Map.of("text", reply.text(), "ended", reply.ended(), "run", model.run(), "step", model.step()));
        } catch (UncheckedIOException closedPage) {
            // the page closed the stream: stop sampling
        }
    }

    /** The query's messages, in order and ending with the user's; else a 400 saying what is wrong. */
    private static Conversation conversation(String json) {
        JsonNode list;
        try {
            list = Http.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "messages must be a JSON list of {\"role\", \"content\"}");
        }
        if (list == null || !list.isArray()) {
            throw new HttpError(400, "messages must be a JSON list of {\"role\", \"content\"}");
        }
        List<Message> messages = new ArrayList<>();
        for (JsonNode message : list) {
            Role role = Role.of(message.path("role").asText()).orElseThrow(() -> new HttpError(400,
                    "each message needs a role of system, user or assistant"));
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

    private static void send(EventStream stream, String piece) {
        try {
            stream.send("text", Map.of("text", piece));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
