package org.minigpt.core.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.minigpt.api.MinigptException;
import org.minigpt.core.chat.ChatExample;
import org.minigpt.core.internal.chat.ChatFile;
import org.minigpt.core.chat.Conversation;
import org.minigpt.core.chat.Message;

/**
 * Train, validation and test sets of instructions made from a text, seeded: the word families
 * ({@link TaskFamily}) on its words of 3 to 8 letters, and "who speaks this line" on the first lines of
 * its speeches (a heading {@code NAME:} on a line of its own, as in a play). Held-out words and lines never
 * appear in training; each example is at most {@value #MAX_CHARACTERS} characters, to fit the default window.
 */
public final class TaskSet {
    private static final Pattern WORD = Pattern.compile("\\b[a-z]{3,8}\\b");
    private static final Pattern SPEECH = Pattern.compile("(?m)^([A-Z][A-Za-z ]{1,20}):\\n([^\\n]{8,36})$");
    /** Characters of question and answer together at most: with the template's four tokens, a 64-token window holds them. */
    static final int MAX_CHARACTERS = 56;

    /** The three parts, each a list of examples with their task family. */
    public record Split(List<ChatExample> train, List<ChatExample> validation, List<ChatExample> test) {
        /** Writes {@code train.jsonl}, {@code validation.jsonl} and {@code test.jsonl} into {@code folder}, made if missing. */
        public void writeTo(Path folder) throws IOException {
            Files.createDirectories(folder);
            ChatFile.write(folder.resolve("train.jsonl"), train);
            ChatFile.write(folder.resolve("validation.jsonl"), validation);
            ChatFile.write(folder.resolve("test.jsonl"), test);
        }
    }

    private TaskSet() {
    }

    /**
     * @param perFamily training examples a family
     * @param heldOut validation and test items a family, each
     * @throws MinigptException when the text has too few words or speeches to hold out that many
     */
    public static Split of(String text, int perFamily, int heldOut, long seed) {
        Random random = new Random(seed);
        List<String> words = shuffled(new TreeSet<>(matches(WORD, text, 0)), random);
        if (words.size() < 2 * heldOut + 1) {
            throw new MinigptException("the text has " + words.size() + " different words of 3 to 8 lowercase letters, too few"
                    + " to hold out " + heldOut + " for validation and " + heldOut + " for test; lower the held-out count");
        }
        Map<String, String> speakers = speeches(text);
        List<String> lines = shuffled(speakers.keySet(), random);
        boolean withSpeakers = lines.size() >= 2 * heldOut + 1;

        List<ChatExample> train = new ArrayList<>();
        List<ChatExample> validation = new ArrayList<>();
        List<ChatExample> test = new ArrayList<>();
        for (TaskFamily family : TaskFamily.values()) {
            test.addAll(words(family, words.subList(0, heldOut)));
            validation.addAll(words(family, words.subList(heldOut, 2 * heldOut)));
            List<String> rest = words.subList(2 * heldOut, words.size());
            for (int i = 0; i < perFamily; i++) {
                train.add(word(family, rest.get(random.nextInt(rest.size()))));
            }
        }
        if (withSpeakers) {
            test.addAll(speakers(lines.subList(0, heldOut), speakers));
            validation.addAll(speakers(lines.subList(heldOut, 2 * heldOut), speakers));
            List<String> rest = lines.subList(2 * heldOut, lines.size());
            for (int i = 0; i < perFamily; i++) {
                String line = rest.get(random.nextInt(rest.size()));
                train.add(speaker(line, speakers.get(line)));
            }
        }
        Collections.shuffle(train, random);
        return new Split(train, validation, test);
    }

    private static List<String> matches(Pattern pattern, String text, int group) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(group));
        }
        return found;
    }

    /** The first line of each speech, by the speaker its heading names; a line two speakers say is left out. */
    private static Map<String, String> speeches(String text) {
        Map<String, String> byLine = new TreeMap<>();
        TreeSet<String> ambiguous = new TreeSet<>();
        Matcher matcher = SPEECH.matcher(text.replace("\r\n", "\n"));
        while (matcher.find()) {
            if ((TaskFamily.SPEAKER_QUESTION + matcher.group(2) + matcher.group(1)).length() > MAX_CHARACTERS) {
                continue;
            }
            String previous = byLine.put(matcher.group(2), matcher.group(1));
            if (previous != null && !previous.equals(matcher.group(1))) {
                ambiguous.add(matcher.group(2));
            }
        }
        ambiguous.forEach(byLine::remove);
        return byLine;
    }

    private static List<String> shuffled(java.util.Collection<String> items, Random random) {
        List<String> list = new ArrayList<>(items);
        Collections.shuffle(list, random);
        return list;
    }

    private static List<ChatExample> words(TaskFamily family, List<String> words) {
        return words.stream().map(word -> word(family, word)).toList();
    }

    private static ChatExample word(TaskFamily family, String word) {
        return example(family.key(), family.question(word), family.answer(word));
    }

    private static List<ChatExample> speakers(List<String> lines, Map<String, String> speakers) {
        return lines.stream().map(line -> speaker(line, speakers.get(line))).toList();
    }

    private static ChatExample speaker(String line, String name) {
        return example(TaskFamily.SPEAKER, TaskFamily.SPEAKER_QUESTION + line, name);
    }

    private static ChatExample example(String task, String question, String answer) {
        return new ChatExample(new Conversation(List.of(Message.user(question), Message.assistant(answer))), task, 0);
    }
}
