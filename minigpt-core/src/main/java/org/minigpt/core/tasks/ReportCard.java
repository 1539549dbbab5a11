package org.minigpt.core.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accuracy per task family and answer of the conversation (the first, the second, …): an answer is right when its
 * family's reward gives it 1 or more (the {@code exact} reward: the answer expected).
 */
public final class ReportCard {
    private static final double Z95 = 1.959964;

    /** One family's score at one answer of its conversations: {@code correct} of {@code total}, with a 95% Wilson interval. */
    public record Score(String task, int turn, int correct, int total) {
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

        /** The family, and which answer it is past the first: {@code uppercase}, {@code uppercase (answer 2)}. */
        public String label() {
            return label(task, turn);
        }

        public static String label(String task, int turn) {
            return turn == 1 ? task : task + " (answer " + turn + ")";
        }
    }

    /** One answer given, for a look at what went wrong. */
    public record Answer(TaskQuestion question, String given, boolean correct) {
    }

    private record Key(String task, int turn) {
    }

    private final Map<Key, int[]> counts = new LinkedHashMap<>();
    private final List<Answer> answers = new ArrayList<>();

    /** Scores {@code answers}, one for each question in order, with {@code rewards}. */
    public static ReportCard of(List<TaskQuestion> questions, List<String> answers, Rewards rewards) {
        ReportCard card = new ReportCard();
        for (int i = 0; i < questions.size(); i++) {
            TaskQuestion question = questions.get(i);
            String given = answers.get(i);
            boolean correct = rewards.score(question, given) >= 1;
            int[] count = card.counts.computeIfAbsent(new Key(question.task(), question.turn()), key -> new int[2]);
            count[0] += correct ? 1 : 0;
            count[1]++;
            card.answers.add(new Answer(question, given, correct));
        }
        return card;
    }

    /** Each family's scores, in the order the families first come, each family's answers in order. */
    public List<Score> scores() {
        Map<String, Map<Integer, int[]>> byTask = new LinkedHashMap<>();
        counts.forEach((key, count) -> byTask.computeIfAbsent(key.task(), task -> new TreeMap<>()).put(key.turn(), count));
        List<Score> scores = new ArrayList<>();
        byTask.forEach((task, turns) -> turns.forEach((turn, count) -> scores.add(new Score(task, turn, count[0], count[1]))));
        return scores;
    }

    public List<Answer> answers() {
        return List.copyOf(answers);
    }
}
