package org.minigpt.core.tasks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.reward.Reward;
import org.minigpt.api.reward.RewardContext;
import org.minigpt.api.reward.RewardFactory;
import org.minigpt.api.reward.RewardQuestion;

/**
 * A list of rewards ({@code long-word,exact}): each question goes to the first that scores its task family. Only
 * the rewards some question needs are made, so a list may name a reward whose files another task set lacks.
 */
public final class Rewards {
    /** The list a run or a report card uses unless told otherwise. */
    public static final String DEFAULT = LongWordReward.NAME + "," + ExactReward.NAME;

    private final Map<String, Reward> byTask;
    private final List<PluginConfig> read;

    private Rewards(Map<String, Reward> byTask, List<PluginConfig> read) {
        this.byTask = byTask;
        this.read = read;
    }

    /**
     * The rewards {@code list} names for {@code tasks}, configured from {@code config}'s {@code reward.<name>.} keys.
     *
     * @throws ConfigException for an unknown reward, or a task no reward of the list scores
     * @throws MinigptException when a reward cannot use its settings or files
     */
    public static Rewards of(Plugins plugins, String list, Config config, RewardContext context, Collection<String> tasks) {
        List<RewardFactory> factories = new ArrayList<>();
        for (String name : list.split(",", -1)) {
            if (name.isBlank()) {
                throw new ConfigException("the reward list '" + list + "' has an empty name; write names separated by"
                        + " commas, e.g. " + DEFAULT);
            }
            if (!plugins.rewards().names().contains(name.strip())) {
                throw new ConfigException("unknown reward '" + name.strip() + "' in '" + list + "': known rewards are "
                        + String.join(", ", plugins.rewards().names()) + " (minigpt plugins lists them; a plugin jar goes in"
                        + " plugins/)");
            }
            factories.add(plugins.rewards().get(name.strip()));
        }
        Map<String, Reward> made = new LinkedHashMap<>();
        Map<String, Reward> byTask = new LinkedHashMap<>();
        List<PluginConfig> read = new ArrayList<>();
        for (String task : tasks) {
            RewardFactory factory = factories.stream().filter(f -> f.tasks().isEmpty() || f.tasks().contains(task)).findFirst()
                    .orElseThrow(() -> new ConfigException("no reward of '" + list + "' scores the task " + task
                            + "; add one that does, e.g. " + ExactReward.NAME));
            byTask.put(task, made.computeIfAbsent(factory.name(), name -> {
                PluginConfig section = config.section(Plugins.REWARD + "." + name);
                read.add(section);
                return factory.create(section, context);
            }));
        }
        return new Rewards(byTask, read);
    }

    /**
     * The answer's reward from the reward for its task.
     *
     * @throws MinigptException when the reward throws or gives a number that is not finite
     */
    public double score(TaskQuestion question, String answer) {
        Reward reward = byTask.get(question.task());
        if (reward == null) {
            throw new IllegalArgumentException("no reward was made for the task " + question.task());
        }
        double score;
        try {
            score = reward.score(new RewardQuestion(question.task(), question.question(), question.expected()), answer);
        } catch (RuntimeException e) {
            throw new MinigptException("the reward for " + question.task() + " failed on the answer '" + answer + "' to '"
                    + question.question() + "': " + e);
        }
        if (!Double.isFinite(score)) {
            throw new MinigptException("the reward for " + question.task() + " gave " + score + " for the answer '" + answer
                    + "' to '" + question.question() + "'; a reward must be a finite number");
        }
        return score;
    }

    /** The {@code reward.<name>.} sections the rewards read, for the unknown-key check and the run's config. */
    public List<PluginConfig> read() {
        return read;
    }
}
