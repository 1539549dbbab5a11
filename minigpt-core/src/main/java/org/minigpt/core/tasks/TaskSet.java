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
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.minigpt.api.MinigptException;
import org.minigpt.core.chat.ChatExample;
import org.minigpt.core.internal.chat.ChatFile;
import org.minigpt.core.chat.Conversation;
import org.minigpt.core.chat.Message;

/**
 * Train, validation and test sets of instructions made from a text, seeded: the word families
 * ({@link TaskFamily}) on its words of 3 to 8 letters, "who speaks this line" on the first lines of its speeches
 * (a heading {@code NAME:} on a line of its own, as in a play), and conversations of two exchanges (three too,
 * where the window holds them) of mixed word families, whose task names each answer's family in turn
 * ({@code uppercase+backwards}). Held-out words and lines never appear in training; each conversation fits the
 * window with its template (a single question fits the default 64 tokens), and only conversations the tokenizer can
 * write are kept.
 */
public final class TaskSet {
    private static final Pattern WORD = Pattern.compile("\\b[a-z]{3,8}\\b");
    private static final Pattern ANY_WORD = Pattern.compile("\\b[a-z]+\\b");
    /** The text's lowercase words, one a line: the right answers of {@link TaskFamily#STARTS_WITH}'s questions. */
    public static final String WORDS_FILE = "words.txt";
    private static final Pattern SPEECH = Pattern.compile("(?m)^([A-Z][A-Za-z ]{1,20}):\\n([^\\n]{8,36})$");
    /** Characters of question and answer together at most: with the template's four tokens, a 64-token window holds them. */
    static final int MAX_CHARACTERS = 56;
    /** The window the sets are made for unless told otherwise: the default model's. */
    public static final int DEFAULT_WINDOW = 64;
    /** Tokens of a window kept beyond a conversation's: the template's four a single exchange, and a margin. */
    private static final int SPARE_TOKENS = DEFAULT_WINDOW - MAX_CHARACTERS;

    /** Conversations of two or three exchanges a word family's worth of single questions has, in each part. */
    static final int MULTI_TURN_SHARE = 1;
    /** Between a multi-turn task's families. */
    public static final String TURN_SEPARATOR = "+";

    /**
     * The three parts, each a list of examples with their task family, how many examples were left out because
     * the tokenizer could not write them, and the text's lowercase words (sorted).
     */
    public record Split(List<ChatExample> train, List<ChatExample> validation, List<ChatExample> test, int leftOut,
            List<String> words) {
        /**
         * Writes {@code train.jsonl}, {@code validation.jsonl}, {@code test.jsonl} and {@value #WORDS_FILE} into
         * {@code folder}, made if missing.
         */
        public void writeTo(Path folder) throws IOException {
            Files.createDirectories(folder);
            ChatFile.write(folder.resolve("train.jsonl"), train);
            ChatFile.write(folder.resolve("validation.jsonl"), validation);
            ChatFile.write(folder.resolve("test.jsonl"), test);
            Files.write(folder.resolve(WORDS_FILE), words, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private TaskSet() {
    }

    /** For the default window, the examples a char tokenizer trained on {@code text} can write: its characters only. */
    public static Split of(String text, int perFamily, int heldOut, long seed) {
        return of(text, perFamily, heldOut, seed, charactersOf(text), DEFAULT_WINDOW);
    }

    /** Whether a message has only characters of {@code text}: what a char tokenizer trained on it can write. */
    public static Predicate<String> charactersOf(String text) {
        Set<Integer> characters = text.codePoints().boxed().collect(Collectors.toSet());
        return content -> content.codePoints().allMatch(characters::contains);
    }

    /**
     * @param perFamily training examples a family
     * @param heldOut validation and test items a family, each
     * @param encodable whether the tokenizer to be tuned can write a message's content
     * @param window the tokens the model to be tuned sees at once, which a conversation of several exchanges must fit
     * @throws MinigptException when the text has too few words or speeches to hold out that many
     */
    public static Split of(String text, int perFamily, int heldOut, long seed, Predicate<String> encodable, int window) {
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
        List<String> testWords = words.subList(0, heldOut);
        List<String> validationWords = words.subList(heldOut, 2 * heldOut);
        List<String> rest = words.subList(2 * heldOut, words.size());
        for (TaskFamily family : TaskFamily.values()) {
            test.addAll(words(family, testWords));
            validation.addAll(words(family, validationWords));
            for (int i = 0; i < perFamily; i++) {
                train.add(word(family, rest.get(random.nextInt(rest.size()))));
            }
        }
        test.addAll(firstLetters(testWords, words));
        validation.addAll(firstLetters(validationWords, words));
        for (int i = 0; i < perFamily; i++) {
            train.add(startsWith(rest.get(random.nextInt(rest.size()))));
        }
        int families = TaskFamily.values().length;
        int budget = Math.max(window, DEFAULT_WINDOW) - SPARE_TOKENS;
        test.addAll(conversations(testWords, MULTI_TURN_SHARE * heldOut * families, budget, random));
        validation.addAll(conversations(validationWords, MULTI_TURN_SHARE * heldOut * families, budget, random));
        train.addAll(conversations(rest, MULTI_TURN_SHARE * perFamily * families, budget, random));
        if (withSpeakers) {
            test.addAll(speakers(lines.subList(0, heldOut), speakers));
            validation.addAll(speakers(lines.subList(heldOut, 2 * heldOut), speakers));
            List<String> restLines = lines.subList(2 * heldOut, lines.size());
            for (int i = 0; i < perFamily; i++) {
                String line = restLines.get(random.nextInt(restLines.size()));
                train.add(speaker(line, speakers.get(line)));
            }
        }
        Collections.shuffle(train, random);
        int before = train.size() + validation.size() + test.size();
        Predicate<ChatExample> writable = example -> example.conversation().messages().stream()
                .allMatch(message -> encodable.test(message.content()));
        train.removeIf(writable.negate());
        validation.removeIf(writable.negate());
        test.removeIf(writable.negate());
        return new Split(train, validation, test, before - train.size() - validation.size() - test.size(),
                List.copyOf(new TreeSet<>(matches(ANY_WORD, text, 0))));
    }

    /**
     * {@code count} conversations of two or three exchanges on {@code words}, each exchange of another family than
     * the one before, each at most {@code budget} characters with its template's tokens past the first exchange's.
     */
    private static List<ChatExample> conversations(List<String> words, int count, int budget, Random random) {
        TaskFamily[] families = TaskFamily.values();
        // Three exchanges of the shortest questions take some 60 characters: a 64-token window holds two.
        int most = budget >= 72 ? 3 : 2;
        List<ChatExample> made = new ArrayList<>();
        for (int attempt = 0; made.size() < count && attempt < 50 * count; attempt++) {
            int exchanges = 2 + random.nextInt(most - 1);
            List<Message> messages = new ArrayList<>();
            List<String> tasks = new ArrayList<>();
            TaskFamily previous = null;
            for (int i = 0; i < exchanges; i++) {
                TaskFamily family;
                do {
                    family = families[random.nextInt(families.length)];
                } while (family == previous);
                previous = family;
                String word = words.get(random.nextInt(words.size()));
                messages.add(Message.user(family.question(word)));
                messages.add(Message.assistant(family.answer(word)));
                tasks.add(family.key());
            }
            int characters = messages.stream().mapToInt(message -> message.content().length()).sum();
            // Four template tokens an exchange: every exchange past the first takes four characters' room.
            if (characters <= budget - 4 * (exchanges - 1)) {
                made.add(new ChatExample(new Conversation(messages), String.join(TURN_SEPARATOR, tasks), 0));
            }
        }
        return made;
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

    /** A question for each first letter of {@code words}, answered with a word of {@code preferred} where one has it. */
    private static List<ChatExample> firstLetters(List<String> preferred, List<String> words) {
        Map<Character, String> byLetter = new TreeMap<>();
        words.forEach(word -> byLetter.putIfAbsent(word.charAt(0), word));
        preferred.forEach(word -> byLetter.put(word.charAt(0), word));
        return byLetter.values().stream().map(TaskSet::startsWith).toList();
    }

    private static ChatExample startsWith(String word) {
        return example(TaskFamily.STARTS_WITH, TaskFamily.STARTS_WITH_QUESTION + word.charAt(0), word);
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
