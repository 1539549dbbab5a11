package org.minigpt.serve;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Request fields that ask for something this server does not do: each is a 400 naming the field, never an answer that
 * quietly lacks it. Fields that change nothing here ({@code user}, {@code metadata}, {@code store}, {@code tools} the
 * model may leave unused) stay accepted.
 */
final class Unsupported {
    private Unsupported() {
    }

    static void refuseInChat(Fields fields) {
        JsonNode choice = fields.present("tool_choice").orElse(null);
        boolean demandsCall = choice != null && (choice.isObject() || "required".equals(choice.asText()));
        if (demandsCall && fields.present("tools").map(tools -> tools.isArray() && !tools.isEmpty()).orElse(false)) {
            throw ApiError.invalid("tool_choice", "tool_choice demands a tool call, and this server's models cannot call"
                    + " tools; leave tool_choice out (or \"auto\", \"none\")");
        }
        if (fields.present("function_call").map(call -> call.isObject()).orElse(false)) {
            throw ApiError.invalid("function_call", "function_call names a function to call, and this server's models cannot"
                    + " call functions; leave it out");
        }
        fields.present("response_format").ifPresent(format -> {
            if (!"text".equals(format.path("type").asText())) {
                throw ApiError.invalid("response_format", "response_format " + format.path("type").asText("?")
                        + " is not supported: this server's models write plain text only; leave it out or use {\"type\": \"text\"}");
            }
        });
        fields.present("modalities").ifPresent(modalities -> {
            for (JsonNode modality : modalities) {
                if (!"text".equals(modality.asText())) {
                    throw ApiError.invalid("modalities", "modality '" + modality.asText() + "' is not supported: text only");
                }
            }
        });
        if (fields.present("audio").isPresent()) {
            throw ApiError.invalid("audio", "audio output is not supported: text only");
        }
    }

    static void refuseInCompletions(Fields fields, int n) {
        if (fields.bool("echo").orElse(false)) {
            throw ApiError.invalid("echo", "echo is not supported: the reply holds the completion only; leave it out");
        }
        if (fields.string("suffix").filter(suffix -> !suffix.isEmpty()).isPresent()) {
            throw ApiError.invalid("suffix", "suffix (text to insert before) is not supported: the models only continue a"
                    + " prompt; leave it out");
        }
        fields.whole("best_of", 1, GenerationRequest.MAX_N).ifPresent(bestOf -> {
            if (bestOf != n) {
                throw ApiError.invalid("best_of", "best_of " + bestOf + " is not supported: the server returns every choice"
                        + " it samples, so best_of may only equal n (" + n + ")");
            }
        });
    }
}
