package org.minigpt.example.letter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.reward.Reward;
import org.minigpt.api.reward.RewardContext;
import org.minigpt.api.reward.RewardQuestion;

class LetterRewardTest {
    private static final RewardQuestion QUESTION = new RewardQuestion("uppercase", "Uppercase: tree", "TREE");
    private static final RewardContext CONTEXT = new RewardContext(Path.of("tasks.jsonl"));

    @Test
    void paysTheShareOfTheAnswerThatIsTheLetter() {
        Reward reward = new LetterRewardFactory().create(new PluginConfig("reward.letter", Map.of()), CONTEXT);
        assertEquals(0.5, reward.score(QUESTION, "tree"));
        assertEquals(0, reward.score(QUESTION, "TREE"));
        assertEquals(0, reward.score(QUESTION, ""));
    }

    @Test
    void theLetterIsASetting() {
        Reward reward = new LetterRewardFactory().create(new PluginConfig("reward.letter", Map.of("letter", "r")), CONTEXT);
        assertEquals(0.25, reward.score(QUESTION, "tree"));
    }

    @Test
    void moreThanOneLetterIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new LetterRewardFactory().create(new PluginConfig("reward.letter", Map.of("letter", "ab")), CONTEXT));
        assertEquals("reward.letter.letter must be one character, was 'ab'", e.getMessage());
    }
}
