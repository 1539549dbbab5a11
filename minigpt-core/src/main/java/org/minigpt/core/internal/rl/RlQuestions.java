package org.minigpt.core.internal.rl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.minigpt.api.MinigptException;
import org.minigpt.core.chat.ChatExample;
import org.minigpt.core.chat.ChatTemplate;
import org.minigpt.core.tasks.TaskQuestion;

/**
 * The questions of a task file a reinforcement-learning run asks: every answer of its conversations (a later one
 * after the earlier answers the file gives), split as the run's conversations are (the last {@code train.val_fraction}
 * held out), of the families {@code rl.tasks} names, whose prompt leaves room for an answer in the window. Each
 * distinct question counts once: a file that demonstrates many answers to one question (every word of a letter)
 * would otherwise ask it that many times as often.
 */
final class RlQuestions {
    private final List<TaskQuestion> train;
    private final List<TaskQuestion> heldOut;
    private final int tooLong;

    private RlQuestions(List<TaskQuestion> train, List<TaskQuestion> heldOut, int tooLong) {
        this.train = train;
        this.heldOut = heldOut;
        this.tooLong = tooLong;
    }

    /**
     * @param examples the conversations that fit a window, in file order
     * @throws MinigptException when no question is left to ask
     */
    static RlQuestions of(String file, List<ChatExample> examples, double valFraction, ChatTemplate template, int window,
            RlOptions options) {
        int held = valFraction > 0 ? Math.max(1, (int) Math.round(examples.size() * valFraction)) : 0;
        int cut = Math.max(0, examples.size() - held);
        int[] tooLong = new int[1];
        List<TaskQuestion> train = distinct(select(TaskQuestion.of(examples.subList(0, cut)), template, window, options, tooLong));
        List<TaskQuestion> heldOut = distinct(select(TaskQuestion.of(examples.subList(cut, examples.size())), template, window,
                options, new int[1]));
        if (train.isEmpty()) {
            Set<String> families = new TreeSet<>();
            TaskQuestion.of(examples).forEach(question -> families.add(question.task()));
            throw new MinigptException(file + " has no question to learn from" + (options.tasks().isEmpty() ? ""
                    : " of rl.tasks=" + String.join(",", options.tasks())) + " whose prompt leaves rl.max_tokens="
                    + options.maxTokens() + " tokens for an answer in the window; its families are " + String.join(", ", families));
        }
        return new RlQuestions(train, heldOut.subList(0, Math.min(heldOut.size(), options.evalQuestions())), tooLong[0]);
    }

    /** Each question once, the first time it comes, whatever answers the file gives it. */
    private static List<TaskQuestion> distinct(List<TaskQuestion> questions) {
        Map<String, TaskQuestion> first = new LinkedHashMap<>();
        questions.forEach(question -> first.putIfAbsent(question.task() + "\n" + question.asked(), question));
        return new ArrayList<>(first.values());
    }

    private static List<TaskQuestion> select(List<TaskQuestion> questions, ChatTemplate template, int window, RlOptions options,
            int[] tooLong) {
        List<TaskQuestion> selected = new ArrayList<>();
        for (TaskQuestion question : questions) {
            if (!options.tasks().isEmpty() && !options.tasks().contains(question.task())) {
                continue;
            }
            if (template.prompt(question.asked()).length + options.maxTokens() > window) {
                tooLong[0]++;
                continue;
            }
            selected.add(question);
        }
        return selected;
    }

    /** Step {@code step}'s {@code count} questions: distinct where there are enough, drawn from the seed and the step alone. */
    List<TaskQuestion> forStep(long seed, long step, int count) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
        List<TaskQuestion> chosen = new ArrayList<>();
        Set<Integer> taken = new java.util.HashSet<>();
        while (chosen.size() < count) {
            int index = random.nextInt(train.size());
            if (taken.add(index) || taken.size() >= train.size()) {
                chosen.add(train.get(index));
            }
        }
        return chosen;
    }

    List<TaskQuestion> heldOut() {
        return heldOut;
    }

    /** The families of the questions asked, in the order first seen. */
    Set<String> tasks() {
        Set<String> tasks = new java.util.LinkedHashSet<>();
        train.forEach(question -> tasks.add(question.task()));
        heldOut.forEach(question -> tasks.add(question.task()));
        return tasks;
    }

    /** A question of each family, to try the rewards on before the run starts. */
    List<TaskQuestion> firstOfEachTask() {
        Map<String, TaskQuestion> first = new LinkedHashMap<>();
        train.forEach(question -> first.putIfAbsent(question.task(), question));
        heldOut.forEach(question -> first.putIfAbsent(question.task(), question));
        return List.copyOf(first.values());
    }

    /** The families of the held-out questions, in the order first seen. */
    List<String> heldOutTasks() {
        return heldOut.stream().map(TaskQuestion::task).distinct().toList();
    }

    /** One line for the run's plan. */
    String summary() {
        return String.format("%,d questions to learn from, %,d held out%s", train.size(), heldOut.size(),
                tooLong == 0 ? "" : String.format(" (%,d left out: no room for rl.max_tokens after the prompt)", tooLong));
    }
}
