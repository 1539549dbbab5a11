package org.minigpt.core.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.minigpt.core.chat.ChatExample;
import org.minigpt.core.chat.Conversation;
import org.minigpt.core.chat.Message;
import org.minigpt.core.chat.Role;

/**
 * One answer a task file asks for: the conversation up to its question (earlier answers as the file gives them),
 * the answer expected, its family, and which answer of its conversation it is (1 for the first).
 */
public record TaskQuestion(Conversation asked, String expected, String task, int turn) {
    /**
     * Every answer of {@code examples} to score: each answer of a conversation whose task names a family for each
     * ({@code uppercase+backwards}), else its last answer under its task.
     */
    public static List<TaskQuestion> of(List<ChatExample> examples) {
        List<TaskQuestion> questions = new ArrayList<>();
        for (ChatExample example : examples) {
            List<Message> messages = example.conversation().messages();
            List<Integer> answers = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i).role() == Role.ASSISTANT) {
                    answers.add(i);
                }
            }
            String[] families = example.task().split(Pattern.quote(TaskSet.TURN_SEPARATOR));
            if (families.length == answers.size() && answers.size() > 1) {
                for (int turn = 0; turn < answers.size(); turn++) {
                    int at = answers.get(turn);
                    questions.add(new TaskQuestion(new Conversation(messages.subList(0, at)), messages.get(at).content(),
                            families[turn], turn + 1));
                }
            } else {
                questions.add(new TaskQuestion(example.conversation().withoutLast(), example.conversation().last().content(),
                        example.task(), Math.max(1, answers.size())));
            }
        }
        return questions;
    }

    /** The question itself: the last message asked. */
    public String question() {
        return asked.last().content();
    }
}
