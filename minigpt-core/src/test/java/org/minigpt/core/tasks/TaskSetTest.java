package org.minigpt.core.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.minigpt.core.chat.ChatExample;
import org.minigpt.core.data.TextFiles;

class TaskSetTest {
    private static final String TEXT = TextFiles.readUtf8(Path.of(System.getProperty("minigpt.test.data")));
    /** The first letters of the text's words of 3 to 8 letters: the starts-with questions of a test set. */
    private static final int LETTERS = (int) java.util.regex.Pattern.compile("\\b[a-z]{3,8}\\b").matcher(TEXT).results()
            .map(match -> match.group().charAt(0)).distinct().count();

    @Test
    void theSameSeedMakesTheSameSetsAndAnotherSeedOthers() {
        TaskSet.Split one = TaskSet.of(TEXT, 200, 50, 7);
        TaskSet.Split two = TaskSet.of(TEXT, 200, 50, 7);
        assertEquals(one, two);
        assertTrue(!one.test().equals(TaskSet.of(TEXT, 200, 50, 8).test()));
        assertEquals(6 * 200 + 4 * 200, one.train().size(), "a family's worth of multi-turn conversations for each word family");
        assertEquals(5 * 50 + LETTERS + 4 * 50, one.test().size(), "starts-with asks each first letter once");
    }

    @Test
    void noHeldOutWordOrLineAppearsInTraining() {
        TaskSet.Split split = TaskSet.of(TEXT, 2000, 100, 1);
        Set<String> trained = items(split.train());
        Set<String> heldOut = new HashSet<>(items(split.test()));
        heldOut.addAll(items(split.validation()));
        assertEquals(400, heldOut.size()); // 100 words and 100 lines for each of test and validation
        heldOut.retainAll(trained);
        assertEquals(Set.of(), heldOut);
    }

    @Test
    void answersAreRightAndEveryExampleFitsTheDefaultWindow() {
        TaskSet.Split split = TaskSet.of(TEXT, 100, 20, 3);
        for (ChatExample example : split.train()) {
            List<String> families = List.of(example.task().split("\\+"));
            var messages = example.conversation().messages();
            assertEquals(2 * families.size(), messages.size(), example.toString());
            int characters = messages.stream().mapToInt(message -> message.content().length()).sum();
            assertTrue(characters + 4 * (families.size() - 1) <= TaskSet.MAX_CHARACTERS, example.toString());
            for (int turn = 0; turn < families.size(); turn++) {
                assertRight(families.get(turn), messages.get(2 * turn).content(), messages.get(2 * turn + 1).content());
                assertTrue(turn == 0 || !families.get(turn).equals(families.get(turn - 1)), "families mix: " + example);
            }
        }
        assertTrue(split.train().stream().anyMatch(example -> example.task().split("\\+").length == 2), "two exchanges");
    }

    @Test
    void aLargerWindowHoldsConversationsOfThreeExchanges() {
        TaskSet.Split split = TaskSet.of(TEXT, 100, 20, 3, content -> true, 256);
        assertTrue(split.train().stream().anyMatch(example -> example.task().split("\\+").length == 3), "three exchanges");
        assertTrue(split.train().stream().anyMatch(example -> example.task().split("\\+").length == 2), "and two");
    }

    @Test
    void onlyExamplesTheTokenizerCanWriteAreKeptAndTheRestCounted() {
        String noCapitalX = TEXT.replace('X', 'x');
        TaskSet.Split all = TaskSet.of(noCapitalX, 300, 50, 3, content -> true, TaskSet.DEFAULT_WINDOW);
        TaskSet.Split writable = TaskSet.of(noCapitalX, 300, 50, 3);
        assertEquals(0, all.leftOut());
        assertTrue(writable.leftOut() > 0, "upper-casing a word with an x needs an X the text never has");
        assertEquals(all.train().size() + all.validation().size() + all.test().size(),
                writable.train().size() + writable.validation().size() + writable.test().size() + writable.leftOut());
        for (List<ChatExample> part : List.of(writable.train(), writable.validation(), writable.test())) {
            assertTrue(part.stream().noneMatch(example -> example.conversation().messages().stream()
                    .anyMatch(message -> message.content().contains("X"))));
        }
    }

    @Test
    void startsWithAsksEachLetterOnceWhenHeldOutAndItsWordsAreTheTexts() {
        TaskSet.Split split = TaskSet.of(TEXT, 300, 50, 3);
        for (List<ChatExample> part : List.of(split.test(), split.validation())) {
            List<String> asked = part.stream().filter(example -> example.task().equals("starts-with"))
                    .map(example -> example.conversation().messages().get(0).content()).toList();
            assertEquals(LETTERS, asked.size());
            assertEquals(LETTERS, new HashSet<>(asked).size());
        }
        Set<String> words = new HashSet<>(split.words());
        assertTrue(words.containsAll(List.of("king", "a", "gentlemen")), "every lowercase word, of any length");
        assertTrue(split.train().stream().filter(example -> example.task().equals("starts-with"))
                .allMatch(example -> words.contains(example.conversation().last().content())));
    }

    private static void assertRight(String task, String question, String answer) {
        String item = question.substring(question.indexOf(": ") + 2);
        {
            switch (task) {
                case "uppercase" -> assertEquals(item.toUpperCase(), answer);
                case "backwards" -> assertEquals(new StringBuilder(item).reverse().toString(), answer);
                case "first-letter" -> assertEquals(item.substring(0, 1), answer);
                case "letter-count" -> assertEquals(List.of("three", "four", "five", "six", "seven", "eight").get(item.length() - 3), answer);
                case "speaker" -> assertTrue(TEXT.contains(answer + ":\n" + item), item);
                case "starts-with" -> assertTrue(answer.startsWith(item)
                        && java.util.regex.Pattern.compile("\\b" + answer + "\\b").matcher(TEXT).find(), item + " " + answer);
                default -> throw new AssertionError(task);
            }
        }
    }

    /** Each example's word or line: what must not be both learnt and tested (starts-with asks letters, the same in each). */
    private static Set<String> items(List<ChatExample> examples) {
        return examples.stream().filter(example -> !example.task().equals("starts-with")).map(example -> {
            String question = example.conversation().messages().get(0).content();
            return question.substring(question.indexOf(": ") + 2);
        }).collect(Collectors.toSet());
    }
}
