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

    @Test
    void theSameSeedMakesTheSameSetsAndAnotherSeedOthers() {
        TaskSet.Split one = TaskSet.of(TEXT, 200, 50, 7);
        TaskSet.Split two = TaskSet.of(TEXT, 200, 50, 7);
        assertEquals(one, two);
        assertTrue(!one.test().equals(TaskSet.of(TEXT, 200, 50, 8).test()));
        assertEquals(5 * 200, one.train().size());
        assertEquals(5 * 50, one.test().size());
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
            String question = example.conversation().messages().get(0).content();
            String answer = example.conversation().last().content();
            assertTrue(question.length() + answer.length() <= TaskSet.MAX_CHARACTERS, question);
            String item = question.substring(question.indexOf(": ") + 2);
            switch (example.task()) {
                case "uppercase" -> assertEquals(item.toUpperCase(), answer);
                case "backwards" -> assertEquals(new StringBuilder(item).reverse().toString(), answer);
                case "first-letter" -> assertEquals(item.substring(0, 1), answer);
                case "letter-count" -> assertEquals(List.of("three", "four", "five", "six", "seven", "eight").get(item.length() - 3), answer);
                case "speaker" -> assertTrue(TEXT.contains(answer + ":\n" + item), item);
                default -> throw new AssertionError(example.task());
            }
        }
    }

    /** Each example's word or line: what must not be both learnt and tested. */
    private static Set<String> items(List<ChatExample> examples) {
        return examples.stream().map(example -> {
            String question = example.conversation().messages().get(0).content();
            return question.substring(question.indexOf(": ") + 2);
        }).collect(Collectors.toSet());
    }
}
