package org.minigpt.api.reward;

/**
 * Scores one answer to one question. Called for every sampled answer of a reinforcement-learning step and every
 * answer of a report card, possibly from several threads at once: keep it stateless or thread-safe.
 */
@FunctionalInterface
public interface Reward {
    /**
     * The answer's reward: any finite number, higher is better. A policy-gradient step makes answers that score
     * above their group's mean more likely; the report card counts an answer right when it scores 1 or more.
     */
    double score(RewardQuestion question, String answer);
}
