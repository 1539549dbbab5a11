package org.minigpt.core.tasks;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;
import org.minigpt.api.reward.Reward;
import org.minigpt.api.reward.RewardContext;
import org.minigpt.api.reward.RewardFactory;

/**
 * For "Name a word that starts with: c": 1 for a word of the text with that first letter and at least
 * {@code min_letters} letters, 0 for a shorter one or anything else. Every such word is right, and the demonstrations
 * show them all alike: only a reward can teach the preference for the long ones.
 */
@AutoService(RewardFactory.class)
public final class LongWordReward implements RewardFactory {
    public static final String NAME = "long-word";
    static final Setting<Integer> MIN_LETTERS = Setting.integer("min_letters", 6, Range.atLeast(1),
            "letters a right word needs to score 1; a shorter right word scores 0");
    static final Setting<String> WORDS = Setting.text("words", TaskSet.WORDS_FILE,
            "the file of right words, one a line, relative to the task file's folder (minigpt tasks writes it)");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "starts-with questions: 1 for a word of the text of at least min_letters letters with the letter asked";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(MIN_LETTERS, WORDS);
    }

    @Override
    public Set<String> tasks() {
        return Set.of(TaskFamily.STARTS_WITH);
    }

    @Override
    public Reward create(PluginConfig config, RewardContext context) {
        int minLetters = config.get(MIN_LETTERS);
        Path file = context.besideTasks(config.get(WORDS));
        Set<String> words;
        try {
            words = new HashSet<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MinigptException("the long-word reward cannot read its word list " + file + " (" + e.getMessage()
                    + "); run minigpt tasks again to write it beside the task file, or set reward.long-word.words=FILE");
        }
        return (question, answer) -> {
            String word = answer.strip();
            boolean right = !word.isEmpty() && !question.expected().isEmpty()
                    && word.charAt(0) == question.expected().charAt(0) && words.contains(word);
            return right && word.length() >= minLetters ? 1 : 0;
        };
    }
}
