package org.minigpt.core.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.reward.RewardContext;
import org.minigpt.core.chat.Conversation;
import org.minigpt.core.chat.Message;

class RewardsTest {
    private static final Plugins PLUGINS = Plugins.discover(RewardsTest.class.getClassLoader());

    @TempDir
    Path folder;

    @Test
    void eachQuestionGoesToTheFirstRewardThatScoresItsTask() throws Exception {
        Files.write(folder.resolve(TaskSet.WORDS_FILE), List.of("a", "cat", "castle", "crowned", "king"));
        Rewards rewards = Rewards.of(PLUGINS, Rewards.DEFAULT, Config.of(Map.of()), context(),
                List.of("starts-with", "uppercase"));
        TaskQuestion letter = question("starts-with", "Name a word that starts with: c", "cat");
        assertEquals(1, rewards.score(letter, "castle"), "a right word of six letters");
        assertEquals(1, rewards.score(letter, " crowned "));
        assertEquals(0, rewards.score(letter, "cat"), "right, but shorter than six letters");
        assertEquals(0, rewards.score(letter, "cabbage"), "not a word of the text");
        assertEquals(0, rewards.score(letter, "king"), "a word of the text with another letter");
        TaskQuestion upper = question("uppercase", "Uppercase: king", "KING");
        assertEquals(1, rewards.score(upper, "KING"));
        assertEquals(0, rewards.score(upper, "KINGS"));
    }

    @Test
    void theLongWordRewardsLengthIsASetting() throws Exception {
        Files.write(folder.resolve(TaskSet.WORDS_FILE), List.of("cat", "castle"));
        Rewards rewards = Rewards.of(PLUGINS, LongWordReward.NAME, Config.of(Map.of("reward.long-word.min_letters", "3")),
                context(), List.of("starts-with"));
        assertEquals(1, rewards.score(question("starts-with", "Name a word that starts with: c", "castle"), "cat"));
        assertEquals("reward.long-word", rewards.read().get(0).prefix());
    }

    @Test
    void aTaskNoRewardScoresAnUnknownRewardAndAMissingWordListAreOneLineEach() {
        assertEquals("no reward of 'long-word' scores the task uppercase; add one that does, e.g. exact",
                assertThrows(ConfigException.class, () -> Rewards.of(PLUGINS, LongWordReward.NAME, Config.of(Map.of()),
                        context(), List.of("uppercase"))).getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> Rewards.of(PLUGINS, "exakt", Config.of(Map.of()), context(),
                List.of("uppercase"))).getMessage().startsWith("unknown reward 'exakt'"));
        String missing = assertThrows(MinigptException.class, () -> Rewards.of(PLUGINS, Rewards.DEFAULT, Config.of(Map.of()),
                context(), List.of("starts-with"))).getMessage();
        assertTrue(missing.startsWith("the long-word reward cannot read its word list " + folder.resolve("words.txt")), missing);
    }

    @Test
    void aRewardOnlyAnotherTaskSetNeedsIsNotMade() {
        Rewards rewards = Rewards.of(PLUGINS, Rewards.DEFAULT, Config.of(Map.of()), context(), List.of("uppercase"));
        assertEquals(List.of("reward.exact"), rewards.read().stream().map(section -> section.prefix()).toList());
    }

    private RewardContext context() {
        return new RewardContext(folder.resolve("train.jsonl"));
    }

    private static TaskQuestion question(String task, String question, String expected) {
        return new TaskQuestion(new Conversation(List.of(Message.user(question))), expected, task, 1);
    }
}
