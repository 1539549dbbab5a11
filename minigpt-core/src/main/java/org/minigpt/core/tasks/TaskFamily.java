package org.minigpt.core.tasks;

import java.util.Locale;
import java.util.function.UnaryOperator;

/** A kind of instruction about one word: its question and its one right answer. */
enum TaskFamily {
    UPPERCASE("uppercase", "Uppercase: ", word -> word.toUpperCase(Locale.ROOT)),
    BACKWARDS("backwards", "Spell backwards: ", word -> new StringBuilder(word).reverse().toString()),
    FIRST_LETTER("first-letter", "First letter of: ", word -> word.substring(0, 1)),
    LETTER_COUNT("letter-count", "How many letters: ", word -> Numbers.word(word.length()));

    /**
     * The family of "name a word that starts with this letter": many right answers (any word of the text with that
     * first letter), so it is scored by a reward rather than by one expected answer.
     */
    public static final String STARTS_WITH = "starts-with";
    static final String STARTS_WITH_QUESTION = "Name a word that starts with: ";
    /** The family of "who speaks this line", whose items are lines of a play rather than words. */
    public static final String SPEAKER = "speaker";
    static final String SPEAKER_QUESTION = "Who speaks: ";

    private final String key;
    private final String question;
    private final UnaryOperator<String> answer;

    TaskFamily(String key, String question, UnaryOperator<String> answer) {
        this.key = key;
        this.question = question;
        this.answer = answer;
    }

    /** The name in task files, e.g. {@code "uppercase"}. */
    public String key() {
        return key;
    }

    public String question(String word) {
        return question + word;
    }

    public String answer(String word) {
        return answer.apply(word);
    }

    /** Numbers as words, so that a char vocabulary without digits can write them. */
    static final class Numbers {
        private static final String[] WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve"};

        private Numbers() {
        }

        static String word(int n) {
            return n < WORDS.length ? WORDS[n] : Integer.toString(n);
        }
    }
}
