package org.minigpt.api.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * The known key nearest a misspelt one, by edit distance. Hand-written: twenty lines of Levenshtein
 * do not justify a text library in the API module, which plugins depend on.
 */
final class KeySuggestion {
    private KeySuggestion() {
    }

    /** The nearest of {@code known} within a third of the key's length in edits, if any. */
    static Optional<String> nearest(String key, Collection<String> known) {
        int limit = Math.max(2, key.length() / 3);
        return known.stream()
                .filter(candidate -> distance(key, candidate) <= limit)
                .min(Comparator.comparingInt((String candidate) -> distance(key, candidate)).thenComparing(candidate -> candidate));
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
