package org.minigpt.api.reward;

import java.util.Set;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.plugin.PluginFactory;

/**
 * Makes {@link Reward}s; selected by {@code rl.reward=<name>} or as one reward of a list ({@code rl.reward=<a>,<b>}:
 * each question goes to the first that scores its task), configured under {@code reward.<name>.}
 * (e.g. {@code reward.long-word.min_letters=7}).
 */
public interface RewardFactory extends PluginFactory {
    /**
     * @throws org.minigpt.api.MinigptException for settings or files it cannot use, before any training starts
     */
    Reward create(PluginConfig config, RewardContext context);

    /** The task families it scores ({@code "starts-with"}); empty for every family. */
    default Set<String> tasks() {
        return Set.of();
    }
}
