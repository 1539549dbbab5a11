package org.minigpt.core.internal.rl;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;
import org.minigpt.core.tasks.Rewards;

/**
 * The {@code rl.} keys: how many questions a step asks, how many answers it samples for each, how, and what scores
 * them: by default 8 questions a step, 8 answers each, at temperature 1.
 *
 * @param tasks the task families questions are drawn from; empty for all of the data's
 */
public record RlOptions(int questions, int group, double temperature, int maxTokens, String reward, Set<String> tasks,
        int evalQuestions) {
    public static final String SECTION = "rl";
    static final Setting<Integer> QUESTIONS = Setting.integer("questions", 8, Range.atLeast(1), "questions a step asks");
    static final Setting<Integer> GROUP = Setting.integer("group", 8, Range.atLeast(2),
            "answers sampled for each question; each is scored against its group's mean");
    static final Setting<Double> TEMPERATURE = Setting.decimal("temperature", 1.0, Range.positive(),
            "the sampling temperature of the answers");
    static final Setting<Integer> MAX_TOKENS = Setting.integer("max_tokens", 16, Range.atLeast(1), "tokens an answer may take");
    static final Setting<String> REWARD = Setting.text("reward", Rewards.DEFAULT,
            "the rewards, in order: each question goes to the first that scores its task (minigpt plugins lists them)");
    static final Setting<String> TASKS = Setting.text("tasks", "",
            "the task families to ask, separated by commas (e.g. starts-with); empty: every family of the data");
    static final Setting<Integer> EVAL_QUESTIONS = Setting.integer("eval_questions", 260, Range.atLeast(1),
            "held-out questions answered greedily at each evaluation, for each family's reward");
    public static final List<Setting<?>> SETTINGS = List.of(QUESTIONS, GROUP, TEMPERATURE, MAX_TOKENS, REWARD, TASKS, EVAL_QUESTIONS);

    public static RlOptions from(PluginConfig config) {
        Set<String> tasks = Arrays.stream(config.get(TASKS).split(",")).map(String::strip).filter(task -> !task.isEmpty())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        return new RlOptions(config.get(QUESTIONS), config.get(GROUP), config.get(TEMPERATURE), config.get(MAX_TOKENS),
                config.get(REWARD), tasks, config.get(EVAL_QUESTIONS));
    }

    /** Answers a step samples and trains on: its batch's rows. */
    public int answersPerStep() {
        return questions * group;
    }
}
