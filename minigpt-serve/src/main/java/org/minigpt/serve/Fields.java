package org.minigpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Typed reads of a request's fields: a wrong type or value is a 400 naming the field. */
final class Fields {
    private final JsonNode root;

    Fields(JsonNode root) {
        this.root = root;
    }

    JsonNode root() {
        return root;
    }

    /** The field's value; absent when missing or null, as OpenAI's clients send absent fields. */
    Optional<JsonNode> present(String name) {
        JsonNode node = root.get(name);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }

    Optional<String> string(String name) {
        return present(name).map(node -> {
            if (!node.isTextual()) {
                throw ApiError.invalid(name, name + " must be a string");
            }
            return node.asText();
        });
    }

    Optional<Boolean> bool(String name) {
        return present(name).map(node -> {
            if (!node.isBoolean()) {
                throw ApiError.invalid(name, name + " must be true or false");
            }
            return node.asBoolean();
        });
    }

    /** A number in [min, max]. */
    Optional<Double> number(String name, double min, double max) {
        return present(name).map(node -> {
            if (!node.isNumber() || node.asDouble() < min || node.asDouble() > max) {
                throw ApiError.invalid(name, name + " must be a number from " + format(min) + " to " + format(max));
            }
            return node.asDouble();
        });
    }

    /** A whole number in [min, max]. */
    Optional<Long> whole(String name, long min, long max) {
        return present(name).map(node -> {
            if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
                throw ApiError.invalid(name, name + " must be a whole number from " + min + " to " + max);
            }
            return node.asLong();
        });
    }

    /** A string or a list of strings, each non-empty, at most {@code most} of them. */
    List<String> strings(String name, int most) {
        Optional<JsonNode> node = present(name);
        List<String> values = new ArrayList<>();
        if (node.isEmpty()) {
            return values;
        }
        if (node.get().isTextual()) {
            values.add(node.get().asText());
        } else if (node.get().isArray()) {
            for (JsonNode item : node.get()) {
                if (!item.isTextual()) {
                    throw ApiError.invalid(name, name + " must be a string or a list of strings");
                }
                values.add(item.asText());
            }
        } else {
            throw ApiError.invalid(name, name + " must be a string or a list of strings");
        }
        if (values.size() > most || values.stream().anyMatch(String::isEmpty)) {
            throw ApiError.invalid(name, name + " takes 1 to " + most + " non-empty strings");
        }
        return values;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
