package org.minigpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request's sampler chain as minigpt config keys: {@code sampler} with {@code sampler_settings} when it names
 * a chain; else the OpenAI fields in chain order — logit bias, penalties, then greedy (temperature 0) or
 * temperature and the truncations {@code top_k}, {@code top_p}, {@code min_p}, {@code typical_p}.
 */
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
        logitBias(fields, steps, keys);
        penalties(fields, steps, keys);
        double temperature = fields.number("temperature", 0, 2).orElse(1.0);
        if (temperature == 0) {
            steps.add("greedy");
        } else {
            steps.add("temperature");
            keys.put("sampler.temperature.value", Double.toString(temperature));
            truncations(fields, steps, keys);
        }
        keys.put("sampler", String.join(",", steps));
        return new SamplerSettings(keys);
    }

    private static void logitBias(Fields fields, List<String> steps, Map<String, String> keys) {
        JsonNode bias = fields.root().get("logit_bias");
        if (bias == null || !bias.isObject() || bias.isEmpty()) {
            return;
        }
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

    /** {@code repetition_penalty} multiplies; {@code presence_penalty} and {@code frequency_penalty} subtract, as OpenAI's. */
    private static void penalties(Fields fields, List<String> steps, Map<String, String> keys) {
        double repetition = fields.number("repetition_penalty", 0.01, 10).orElse(1.0);
        double presence = fields.number("presence_penalty", -2, 2).orElse(0.0);
        double frequency = fields.number("frequency_penalty", -2, 2).orElse(0.0);
        if (repetition != 1 || presence != 0 || frequency != 0) {
            steps.add("repetition-penalty");
            keys.put("sampler.repetition-penalty.penalty", Double.toString(repetition));
            keys.put("sampler.repetition-penalty.presence", Double.toString(presence));
            keys.put("sampler.repetition-penalty.frequency", Double.toString(frequency));
        }
    }

    private static void truncations(Fields fields, List<String> steps, Map<String, String> keys) {
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
}
