package org.minigpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
        String capName = fields.root().has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
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

    /** The sampler chain's settings, as minigpt config keys. */
    record SamplerSettings(Map<String, String> keys) {
        static SamplerSettings from(Fields fields) {
            Map<String, String> keys = new TreeMap<>();
            Optional<String> chain = fields.string("sampler");
            if (chain.isPresent()) {
                keys.put("sampler", chain.get());
                JsonNode settings = fields.root().get("sampler_settings");
                if (settings != null && settings.isObject()) {
                    settings.fields().forEachRemaining(field -> keys.put("sampler." + field.getKey(), field.getValue().asText()));
                }
                return new SamplerSettings(keys);
            }
            List<String> steps = new ArrayList<>();
            JsonNode bias = fields.root().get("logit_bias");
            if (bias != null && bias.isObject() && bias.size() > 0) {
                List<String> entries = new ArrayList<>();
                bias.fields().forEachRemaining(field -> {
                    if (!field.getValue().isNumber() || Math.abs(field.getValue().asDouble()) > 100) {
                        throw ApiError.invalid("logit_bias", "logit_bias values must be numbers from -100 to 100");
                    }
                    double value = field.getValue().asDouble();
                    entries.add(field.getKey() + "=" + (value == -100 ? "-inf" : Double.toString(value))); // -100 bans, as OpenAI's
                });
                steps.add("logit-bias");
                keys.put("sampler.logit-bias.ids", String.join(",", entries));
            }
            double repetition = fields.number("repetition_penalty", 0.01, 10).orElse(1.0);
            double presence = fields.number("presence_penalty", -2, 2).orElse(0.0);
            double frequency = fields.number("frequency_penalty", -2, 2).orElse(0.0);
            if (repetition != 1 || presence != 0 || frequency != 0) {
                steps.add("repetition-penalty");
                keys.put("sampler.repetition-penalty.penalty", Double.toString(repetition));
                keys.put("sampler.repetition-penalty.presence", Double.toString(presence));
                keys.put("sampler.repetition-penalty.frequency", Double.toString(frequency));
            }
            double temperature = fields.number("temperature", 0, 2).orElse(1.0);
            if (temperature == 0) {
                steps.add("greedy");
            } else {
                steps.add("temperature");
                keys.put("sampler.temperature.value", Double.toString(temperature));
                fields.whole("top_k", 0, Integer.MAX_VALUE).filter(k -> k > 0).ifPresent(k -> {
                    steps.add("top-k");
                    keys.put("sampler.top-k.k", Long.toString(k));
                });
                fields.number("top_p", 0, 1).filter(p -> p < 1).ifPresent(p -> {
                    if (p == 0) {
                        throw ApiError.invalid("top_p", "top_p must be above 0");
                    }
                    steps.add("top-p");
                    keys.put("sampler.top-p.p", Double.toString(p));
                });
                fields.number("min_p", 0, 1).filter(p -> p > 0).ifPresent(p -> {
                    steps.add("min-p");
                    keys.put("sampler.min-p.p", Double.toString(p));
                });
                fields.number("typical_p", 0, 1).filter(p -> p < 1).ifPresent(p -> {
                    steps.add("typical-p");
                    keys.put("sampler.typical-p.p", Double.toString(p));
                });
            }
            keys.put("sampler", String.join(",", steps));
            return new SamplerSettings(keys);
        }
    }
}
