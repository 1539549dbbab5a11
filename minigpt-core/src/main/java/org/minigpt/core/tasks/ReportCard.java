package org.minigpt.core.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.minigpt.core.chat.ChatExample;
import org.minigpt.core.chat.Conversation;

/** Exact-match accuracy per task family: each test conversation's prompt answered, compared with its last message. */
public final class ReportCard {
    private static final double Z95 = 1.959964;

    /** One family's score: {@code correct} of {@code total}, with a 95% Wilson interval. */
    public record Score(String task, int correct, int total) {
        public double accuracy() {
            return total == 0 ? Double.NaN : correct / (double) total;
        }

        /** The 95% Wilson score interval's low and high ends. */
        public double[] interval() {
            double p = accuracy();
            double z2 = Z95 * Z95;
            double centre = (p + z2 / (2 * total)) / (1 + z2 / total);
            double half = Z95 * Math.sqrt(p * (1 - p) / total + z2 / (4.0 * total * total)) / (1 + z2 / total);
            return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
        }
    }

    /** One answer given, for a look at what went wrong. */
    public record Answer(ChatExample example, String given, boolean correct) {
    }

    private final Map<String, int[]> counts = new LinkedHashMap<>();
    private final List<Answer> answers = new ArrayList<>();

    /** Answers every example with {@code answerer} (given the conversation before the expected answer) and scores it. */
    public static ReportCard of(List<ChatExample> examples, Function<Conversation, String> answerer) {
        List<String> given = new ArrayList<>();
        for (ChatExample example : examples) {
            given.add(answerer.apply(example.conversation().withoutLast()));
        }
        return of(examples, given);
    }

    /** Scores {@code answers}, one for each example in order. */
    public static ReportCard of(List<ChatExample> examples, List<String> answers) {
        ReportCard card = new ReportCard();
        for (int i = 0; i < examples.size(); i++) {
            ChatExample example = examples.get(i);
            String expected = example.conversation().last().content();
            String given = answers.get(i);
            boolean correct = given.strip().equals(expected.strip());
            int[] count = card.counts.computeIfAbsent(example.task(), task -> new int[2]);
            count[0] += correct ? 1 : 0;
            count[1]++;
            card.answers.add(new Answer(example, given, correct));
        }
        return card;
    }

    public List<Score> scores() {
        List<Score> scores = new ArrayList<>();
        counts.forEach((task, count) -> scores.add(new Score(task, count[0], count[1])));
        return scores;
    }

    public List<Answer> answers() {
        return List.copyOf(answers);
    }
}
