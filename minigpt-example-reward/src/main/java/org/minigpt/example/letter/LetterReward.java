package org.minigpt.example.letter;

import org.minigpt.api.reward.Reward;
import org.minigpt.api.reward.RewardQuestion;

/** The share of an answer's characters that are {@code letter}: 0 for an empty answer. */
final class LetterReward implements Reward {
    private final int letter;

    LetterReward(int letter) {
        this.letter = letter;
    }

    @Override
    public double score(RewardQuestion question, String answer) {
        long all = answer.codePoints().count();
        return all == 0 ? 0 : answer.codePoints().filter(c -> c == letter).count() / (double) all;
    }
}
