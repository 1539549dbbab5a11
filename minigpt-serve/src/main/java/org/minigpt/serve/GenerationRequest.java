package org.minigpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.minigpt.core.chat.Conversation;
import org.minigpt.core.chat.Message;
import org.minigpt.core.chat.Role;

/**
 * What a completion or chat completion request asks for, checked. Fields the server does not use are
 * ignored, as clients send many; {@code presence_penalty} and {@code frequency_penalty} map to the
 * repetition-penalty sampler.
 *
 * @param prompts the completion prompts (one choice set each); empty for chat
 * @param conversation the chat messages; null for completions
 * @param logprobs how many likeliest alternatives to report with each token's log-probability; -1 for none
 */
record GenerationRequest(String model, List<String> prompts, Conversation conversation, int maxTokens, int n,
        List<String> stop, Optional<Long> seed, boolean stream, boolean includeUsage, int logprobs, SamplerSettings sampling) {
    static final int MAX_N = 8;
    static final int MAX_STOPS = 4;

    static GenerationRequest completion(JsonNode body, int maxTokensCap) {
        Fields fields = new Fields(body);
        List<String> prompts = fields.strings("prompt", 16);
        if (prompts.isEmpty()) {
            throw ApiError.invalid("prompt", "prompt is required: a string, or a list of strings");
        }
        int logprobs = fields.whole("logprobs", 0, 5).map(Long::intValue).orElse(-1);
        return common(fields, prompts, null, maxTokensCap, logprobs);
    }

    static GenerationRequest chat(JsonNode body, int maxTokensCap) {
        Fields fields = new Fields(body);
        Conversation conversation = conversation(body.get("messages"));
        int logprobs = -1;
        if (fields.bool("logprobs").orElse(false)) {
            logprobs = fields.whole("top_logprobs", 0, 20).map(Long::intValue).orElse(0);
        }
        return common(fields, List.of(), conversation, maxTokensCap, logprobs);
    }

    private static GenerationRequest common(Fields fields, List<String> prompts, Conversation conversation, int cap, int logprobs) {
        String model = fields.string("model").orElse("");
        // OpenAI's clients send absent fields as null: a null max_completion_tokens leaves max_tokens in force.
        JsonNode completionTokens = fields.root().get("max_completion_tokens");
        String capName = completionTokens != null && !completionTokens.isNull() ? "max_completion_tokens" : "max_tokens";
        int maxTokens = fields.whole(capName, 1, Integer.MAX_VALUE).map(Long::intValue).orElse(cap);
        if (maxTokens > cap) {
            throw ApiError.invalid(capName, capName + " " + maxTokens + " is more than this server's cap of " + cap
                    + " tokens a request (minigpt serve --max-tokens)");
        }
        int n = fields.whole("n", 1, MAX_N).map(Long::intValue).orElse(1);
        List<String> stop = fields.strings("stop", MAX_STOPS);
        Optional<Long> seed = fields.whole("seed", Long.MIN_VALUE, Long.MAX_VALUE);
        boolean stream = fields.bool("stream").orElse(false);
        boolean usage = false;
        JsonNode options = fields.root().get("stream_options");
        if (options != null && options.isObject()) {
            usage = new Fields(options).bool("include_usage").orElse(false);
        }
        return new GenerationRequest(model, prompts, conversation, maxTokens, n, stop, seed, stream, usage, logprobs,
                SamplerSettings.from(fields));
    }

    private static Conversation conversation(JsonNode list) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw ApiError.invalid("messages", "messages must be a non-empty list of {\"role\", \"content\"}");
        }
        List<Message> messages = new ArrayList<>();
        for (JsonNode message : list) {
            String roleName = message.path("role").asText("");
            Role role = Role.of(roleName.equals("developer") ? "system" : roleName).orElseThrow(() -> ApiError.invalid("messages",
                    "messages: role '" + roleName + "' is not one of system, user, assistant"));
            messages.add(new Message(role, content(message.get("content"))));
        }
        Conversation.problem(messages).ifPresent(problem -> {
            throw ApiError.invalid("messages", "messages: " + problem);
        });
        if (messages.get(messages.size() - 1).role() != Role.USER) {
            throw ApiError.invalid("messages", "messages must end with the user's turn, for the model to answer");
        }
        return new Conversation(messages);
    }

    /** A message's content: a string, or a list of text parts as newer clients send. */
    private static String content(JsonNode content) {
        if (content != null && content.isTextual()) {
            return content.asText();
        }
        if (content != null && content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw ApiError.invalid("messages", "messages: only text content is supported");
                }
                text.append(part.get("text").asText());
            }
            return text.toString();
        }
        throw ApiError.invalid("messages", "messages: each message needs its content as a string");
    }
}
