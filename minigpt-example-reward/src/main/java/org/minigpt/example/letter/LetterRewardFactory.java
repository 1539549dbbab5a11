package org.minigpt.example.letter;

import com.google.auto.service.AutoService;
import java.util.List;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.api.reward.Reward;
import org.minigpt.api.reward.RewardContext;
import org.minigpt.api.reward.RewardFactory;

/** {@code rl.reward=letter}, with {@code reward.letter.letter} (default e): scores every task family. */
@AutoService(RewardFactory.class)
public final class LetterRewardFactory implements RewardFactory {
    public static final String NAME = "letter";
    static final Setting<String> LETTER = Setting.text("letter", "e", "the letter paid for");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "the share of an answer's characters that are reward.letter.letter (default e)";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(LETTER);
    }

    @Override
    public Reward create(PluginConfig config, RewardContext context) {
        String letter = config.get(LETTER);
        if (letter.codePointCount(0, letter.length()) != 1) {
            throw new ConfigException("reward.letter.letter must be one character, was '" + letter + "'");
        }
        int paid = letter.codePointAt(0);
        return (question, answer) -> {
            long all = answer.codePoints().count();
            return all == 0 ? 0 : answer.codePoints().filter(c -> c == paid).count() / (double) all;
        };
    }
}
