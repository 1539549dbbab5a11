package org.minigpt.core.tasks;

import com.google.auto.service.AutoService;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.reward.Reward;
import org.minigpt.api.reward.RewardContext;
import org.minigpt.api.reward.RewardFactory;

/** 1 for the answer the task file gives (surrounding spaces aside), else 0: the report card's exact match. */
@AutoService(RewardFactory.class)
public final class ExactReward implements RewardFactory {
    public static final String NAME = "exact";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "1 for the answer the task file gives, else 0";
    }

    @Override
    public Reward create(PluginConfig config, RewardContext context) {
        return (question, answer) -> answer.strip().equals(question.expected().strip()) ? 1 : 0;
    }
}
