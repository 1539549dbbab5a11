package org.minigpt.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.reward.RewardContext;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.chat.ChatExample;
import org.minigpt.core.internal.chat.ChatFile;
import org.minigpt.core.chat.ChatReply;
import org.minigpt.core.chat.ChatTemplate;
import org.minigpt.core.chat.ChatTokenizer;
import org.minigpt.core.internal.chat.ConversationBatches;
import org.minigpt.core.generate.Completion;
import org.minigpt.core.generate.CompletionCursor;
import org.minigpt.core.generate.ParallelDecoding;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.core.chat.Message;
import org.minigpt.core.chat.Role;
import org.minigpt.core.tasks.ReportCard;
import org.minigpt.core.tasks.Rewards;
import org.minigpt.core.tasks.TaskQuestion;

/**
 * A task file put to runs with greedy answers: an instruction-tuned run answers each question in its conversation
 * (a later question after the earlier answers the file gives), a base run each question as a line of text, and
 * each gets a {@link ReportCard}.
 */
public final class TaskEvaluation {
    /** Questions answered at once. */
    private static final int BATCH = 32;

    private final Parts parts;
    private final List<ChatExample> conversations;
    private final List<TaskQuestion> tasks;
    private final int answerTokens;
    private final Consumer<String> notes;
    private final Rewards rewards;

    /** How an instruction-tuned run did: its card, its own val loss, and its loss on these tasks' answers. */
    public record TunedScore(ReportCard card, double valLoss, long step, double answerNatsPerToken,
            double answerBitsPerCharacter) {
    }

    /**
     * @param tasksFile JSONL conversations, each a task family's question and expected answer (as {@code minigpt tasks} writes)
     * @param answerTokens the most tokens an answer may take
     * @param rewardList the rewards that score the answers ({@link Rewards#DEFAULT}, say), configured from
     *     {@code rewardConfig}'s {@code reward.<name>.} keys
     * @param notes told of each damaged checkpoint passed over
     */
    public TaskEvaluation(Parts parts, Path tasksFile, int answerTokens, String rewardList, Config rewardConfig,
            Consumer<String> notes) throws IOException {
        this.parts = parts;
        this.conversations = ChatFile.read(tasksFile, false).examples();
        this.tasks = TaskQuestion.of(conversations);
        this.answerTokens = answerTokens;
        this.notes = notes;
        this.rewards = Rewards.of(parts.plugins(), rewardList, rewardConfig, new RewardContext(tasksFile),
                tasks.stream().map(TaskQuestion::task).distinct().toList());
    }

    /** The instruction-tuned {@code run} at {@code checkpoint}, answering each conversation. */
    public TunedScore tuned(RunDirectory run, String checkpoint) throws IOException {
        ChatTokenizer tokenizer = (ChatTokenizer) SavedRun.tokenizer(parts.plugins(), run);
        try (SavedRun.Model saved = SavedRun.model(parts.plugins(), run, tokenizer, checkpoint, notes)) {
            ChatTemplate template = new ChatTemplate(tokenizer);
            double[] answerLoss = answerLoss(saved.model(), template);
            Completion reply = ChatReply.completion(template, parts.samplerChain(greedy(), tokenizer));
            ReportCard card = ReportCard.of(tasks, answers(saved.model(), question -> reply.start(
                    template.prompt(question.asked()), answerTokens, List.of(), new SplittableRandom(0), piece -> { })), rewards);
            var state = saved.checkpoint().state();
            return new TunedScore(card, state.valLoss(), state.step(), answerLoss[0], answerLoss[1]);
        }
    }

    /** The base {@code run}'s best checkpoint asked each question as text, its answer the rest of that line. */
    public ReportCard base(RunDirectory run) throws IOException {
        Tokenizer tokenizer = SavedRun.tokenizer(parts.plugins(), run);
        try (SavedRun.Model saved = SavedRun.model(parts.plugins(), run, tokenizer, Checkpoints.BEST, notes)) {
            Completion line = Completion.ofText(tokenizer, parts.samplerChain(greedy(), tokenizer));
            return ReportCard.of(tasks, answers(saved.model(), question -> line.start(
                    tokenizer.encode(question.question() + "\n"), answerTokens, List.of("\n"),
                    new SplittableRandom(0), piece -> { })), rewards);
        }
    }

    /** The model's loss on the expected answers (and their end): nats per token, bits per character. */
    private double[] answerLoss(LanguageModel model, ChatTemplate template) {
        List<ChatTemplate.Rendered> rendered = new ArrayList<>();
        long characters = 0;
        for (ChatExample example : conversations) {
            try {
                ChatTemplate.Rendered one = template.render(example.conversation());
                if (one.tokens().length <= model.contextLength() + 1) {
                    rendered.add(one);
                    for (Message message : example.conversation().messages()) {
                        // every answer is scored, and its end counts as one character
                        characters += message.role() == Role.ASSISTANT ? message.content().length() + 1 : 0;
                    }
                }
            } catch (MinigptException e) {
                // a task the tokenizer cannot write has no loss; its answer is scored wrong
            }
        }
        double nats = 0;
        long scored = 0;
        for (var batch : ConversationBatches.batches(rendered, model.contextLength(), 32)) {
            nats += model.loss(batch) * batch.scoredTargets();
            scored += batch.scoredTargets();
        }
        return new double[] {nats / scored, nats / Math.log(2) / characters};
    }

    /**
     * Every task's answer, decoded in batches on every core: the same answers, to the last token, as one at a time.
     * A question the tokenizer cannot write is answered wrong (empty), not a failure of the whole card.
     */
    private List<String> answers(LanguageModel model, Function<TaskQuestion, CompletionCursor> ask) {
        List<CompletionCursor> cursors = new ArrayList<>();
        for (TaskQuestion question : tasks) {
            CompletionCursor cursor;
            try {
                cursor = ask.apply(question);
            } catch (MinigptException e) {
                cursor = null;
            }
            cursors.add(cursor);
        }
        ParallelDecoding.drain(model, cursors.stream().filter(Objects::nonNull).map(List::of).toList(), BATCH);
        return cursors.stream().map(cursor -> cursor == null ? "" : cursor.result().text()).toList();
    }

    private static Config greedy() {
        return Config.of(Map.of(Plugins.SAMPLER, "greedy"));
    }
}
