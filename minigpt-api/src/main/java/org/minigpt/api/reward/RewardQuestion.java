package org.minigpt.api.reward;

/**
 * One question of a task file, as a reward sees it.
 *
 * @param task the family the file names for this answer ({@code "uppercase"}); {@code "chat"} when it names none
 * @param question the last message asked, e.g. {@code "Uppercase: crown"}
 * @param expected the answer the file gives; where many answers are right, one of them
 */
public record RewardQuestion(String task, String question, String expected) {
}
