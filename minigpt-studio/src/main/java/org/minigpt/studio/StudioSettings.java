package org.minigpt.studio;

import java.util.Map;
import org.minigpt.http.HttpError;

/** The checks of the page's numbers and prompts: one 400 that names the field and its bounds. */
final class StudioSettings {
    static final int MAX_PROMPT = 2000;

    private StudioSettings() {
    }

    /** A query's prompt (default a line break), 1 to {@value #MAX_PROMPT} characters; else a 400. */
    static String prompt(Map<String, String> query) {
        String prompt = query.getOrDefault("prompt", "\n");
        if (prompt.isEmpty() || prompt.length() > MAX_PROMPT) {
            throw new HttpError(400, "prompt must have 1 to " + MAX_PROMPT + " characters");
        }
        return prompt;
    }

    /** A query's number {@code name} in [min, max], or {@code defaultValue} when it is absent; else a 400. */
    static double number(Map<String, String> query, String name, double defaultValue, double min, double max) {
        String value = query.get(name);
        return value == null ? defaultValue : number(name, value, min, max, false);
    }

    /** A query's whole number {@code name} in [min, max], or {@code defaultValue} when it is absent; else a 400. */
    static long whole(Map<String, String> query, String name, long defaultValue, long min, long max) {
        String value = query.get(name);
        return value == null ? defaultValue : (long) number(name, value, min, max, true);
    }

    /** {@code value} as a number in [{@code min}, {@code max}], or a 400 that names the setting and the range. */
    static double number(String name, String value, double min, double max, boolean integer) {
        double number;
        try {
            number = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new HttpError(400, name + " must be a number, was '" + value + "'");
        }
        if (integer && number != Math.rint(number)) {
            throw new HttpError(400, name + " must be a whole number, was " + value);
        }
        if (!(number >= min && number <= max)) {
            throw new HttpError(400, name + " must be between " + format(min, integer) + " and " + format(max, integer)
                    + ", was " + value);
        }
        return number;
    }

    private static String format(double number, boolean integer) {
        return integer ? Long.toString((long) number) : Double.toString(number);
    }
}
