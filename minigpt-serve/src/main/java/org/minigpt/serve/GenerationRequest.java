package org.minigpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.minigpt.core.chat.Conversation;
import org.minigpt.core.chat.Message;
import org.minigpt.core.chat.Role;

/**
 * What a completion or chat completion request asks for, checked. Fields that change nothing here are ignored, as
 * clients send many; those that ask for what the server does not do are refused ({@link Unsupported});
 * {@code presence_penalty} and {@code frequency_penalty} map to the repetition-penalty sampler.
 *
 * @param prompts the completion prompts (one choice set each), as text or token ids; empty for chat
 * @param conversation the chat messages; null for completions
 * @param logprobs how many likeliest alternatives to report with each token's log-probability; -1 for none
 */
record GenerationRequest(String model, List<Prompt> prompts, Conversation conversation, int maxTokens, int n,
        List<String> stop, Optional<Long> seed, boolean stream, boolean includeUsage, int logprobs, SamplerSettings sampling) {
    static final int MAX_N = 8;
    static final int MAX_STOPS = 4;
    static final int MAX_PROMPTS = 16;

    /** A completion prompt: text to encode, or the token ids themselves. */
    record Prompt(String text, int[] ids) {
    }

    static GenerationRequest completion(JsonNode body, int maxTokensCap) {
        Fields fields = new Fields(body);
        List<Prompt> prompts = prompts(fields);
        int logprobs = fields.whole("logprobs", 0, 5).map(Long::intValue).orElse(-1);
        GenerationRequest request = common(fields, prompts, null, maxTokensCap, logprobs);
        Unsupported.refuseInCompletions(fields, request.n());
        return request;
    }

    static GenerationRequest chat(JsonNode body, int maxTokensCap) {
        Fields fields = new Fields(body);
        Unsupported.refuseInChat(fields);
        Conversation conversation = conversation(body.get("messages"));
        int logprobs = -1;
        if (fields.bool("logprobs").orElse(false)) {
            logprobs = fields.whole("top_logprobs", 0, 20).map(Long::intValue).orElse(0);
        }
        return common(fields, List.of(), conversation, maxTokensCap, logprobs);
    }

    private static GenerationRequest common(Fields fields, List<Prompt> prompts, Conversation conversation, int cap, int logprobs) {
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

    /** A string, a list of strings, a list of token ids, or a list of such lists, as OpenAI's API takes them. */
    private static List<Prompt> prompts(Fields fields) {
        JsonNode prompt = fields.present("prompt").orElseThrow(() -> ApiError.invalid("prompt",
                "prompt is required: a string, a list of strings, or token ids"));
        List<Prompt> prompts = new ArrayList<>();
        if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isIntegralNumber()) {
            prompts.add(new Prompt(null, ids(prompt)));
        } else if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isArray()) {
            for (JsonNode one : prompt) {
                prompts.add(new Prompt(null, ids(one)));
            }
        } else {
            fields.strings("prompt", MAX_PROMPTS).forEach(text -> prompts.add(new Prompt(text, null)));
        }
        if (prompts.isEmpty() || prompts.size() > MAX_PROMPTS) {
            throw ApiError.invalid("prompt", "prompt takes 1 to " + MAX_PROMPTS + " prompts");
        }
        return prompts;
    }

    private static int[] ids(JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            throw ApiError.invalid("prompt", "a prompt of token ids must be a non-empty list of whole numbers");
        }
        int[] ids = new int[list.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode id = list.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 0) {
                throw ApiError.invalid("prompt", "a prompt of token ids must be a non-empty list of whole numbers from 0");
            }
            ids[i] = id.asInt();
        }
        return ids;
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
