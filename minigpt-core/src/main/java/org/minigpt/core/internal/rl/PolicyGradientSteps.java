package org.minigpt.core.internal.rl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.minigpt.api.model.Batch;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.model.StepResult;
import org.minigpt.api.model.TrainingStep;
import org.minigpt.core.chat.ChatTemplate;
import org.minigpt.core.generate.Completion;
import org.minigpt.core.generate.CompletionCursor;
import org.minigpt.core.generate.ParallelDecoding;
import org.minigpt.core.tasks.Rewards;
import org.minigpt.core.tasks.TaskQuestion;
import org.minigpt.core.train.LearningRateSchedule;
import org.minigpt.core.train.StepDriver;

/**
 * Learning from rewards, as nanochat's {@code chat_rl.py} does (GRPO reduced to REINFORCE): each step samples a group
 * of answers to each of its questions on the batched decoder (a question's prompt computed once and forked), scores
 * them, and weighs each answer's tokens by its advantage, its reward minus its group's mean; the loss is the
 * cross-entropy weighted so, over all answer tokens. On-policy, no KL term, no ratio clipping. A step depends only on
 * the weights, the seed and its index, so a resumed run repeats the uninterrupted one.
 */
public final class PolicyGradientSteps implements StepDriver {
    static final String REWARD = "reward";
    static final String SOLVED = "solved";
    static final String ANSWER_TOKENS = "answer_tokens";
    static final String GREEDY = "greedy.";

    private final ModelTrainer trainer;
    private final LanguageModel model;
    private final ChatTemplate template;
    private final Completion sampling;
    private final Completion greedy;
    private final RlQuestions questions;
    private final RlOptions options;
    private final Rewards rewards;
    private final LearningRateSchedule schedule;
    private final double maxGradientNorm;
    private final long seed;

    /** @param sampling and {@code greedy}: completions that end at {@code <|end|>}, at the run's temperature and greedily */
    PolicyGradientSteps(ModelTrainer trainer, LanguageModel model, ChatTemplate template, Completion sampling, Completion greedy,
            RlQuestions questions, RlOptions options, Rewards rewards, LearningRateSchedule schedule, double maxGradientNorm,
            long seed) {
        this.trainer = trainer;
        this.model = model;
        this.template = template;
        this.sampling = sampling;
        this.greedy = greedy;
        this.questions = questions;
        this.options = options;
        this.rewards = rewards;
        this.schedule = schedule;
        this.maxGradientNorm = maxGradientNorm;
        this.seed = seed;
    }

    @Override
    public List<TakenStep> advance(long step, long lastStep) {
        double learningRate = schedule.at(step);
        long start = System.nanoTime();
        List<TaskQuestion> asked = questions.forStep(seed, step, options.questions());
        List<List<CompletionCursor>> groups = new ArrayList<>();
        for (int q = 0; q < asked.size(); q++) {
            int[] prompt = template.prompt(asked.get(q).asked());
            List<CompletionCursor> group = new ArrayList<>();
            for (int k = 0; k < options.group(); k++) {
                SplittableRandom random = new SplittableRandom(seed ^ (step * 0x9E3779B97F4A7C15L) ^ ((long) q << 40) ^ ((long) k << 20));
                group.add(sampling.start(prompt, options.maxTokens(), List.of(), random, piece -> { }));
            }
            groups.add(group);
        }
        ParallelDecoding.drain(model, groups, options.answersPerStep());
        Scored scored = score(asked, groups);
        StepResult result = trainer.step(scored.batch(), new TrainingStep(step, learningRate, maxGradientNorm));
        Map<String, Double> measures = new LinkedHashMap<>();
        measures.put(REWARD, scored.meanReward());
        measures.put(SOLVED, scored.solvedShare());
        measures.put(ANSWER_TOKENS, scored.meanAnswerTokens());
        return List.of(new TakenStep(result, learningRate, System.nanoTime() - start, measures));
    }

    /** The batch of a step's answers, each a row: its prompt, its answer (and end) scored with its advantage. */
    private Scored score(List<TaskQuestion> asked, List<List<CompletionCursor>> groups) {
        int window = model.contextLength();
        int rows = options.answersPerStep();
        int[] inputs = new int[rows * window];
        int[] targets = new int[rows * window];
        float[] weights = new float[rows * window];
        Arrays.fill(targets, Batch.IGNORED);
        double rewardSum = 0;
        long answerTokens = 0;
        int solved = 0;
        int row = 0;
        for (int q = 0; q < asked.size(); q++) {
            List<CompletionCursor> group = groups.get(q);
            double[] reward = new double[group.size()];
            double mean = 0;
            boolean anyRight = false;
            for (int k = 0; k < group.size(); k++) {
                reward[k] = rewards.score(asked.get(q), group.get(k).result().text());
                mean += reward[k] / group.size();
                anyRight |= reward[k] >= 1;
            }
            solved += anyRight ? 1 : 0;
            for (int k = 0; k < group.size(); k++, row++) {
                CompletionCursor answer = group.get(k);
                int[] tokens = answer.history();
                boolean ended = answer.result().finish() == Completion.Finish.STOP;
                if (ended) {
                    tokens = Arrays.copyOf(tokens, tokens.length + 1);
                    tokens[tokens.length - 1] = template.end();
                }
                int length = Math.min(tokens.length - 1, window);
                int offset = row * window;
                System.arraycopy(tokens, 0, inputs, offset, length);
                for (int p = answer.promptLength() - 1; p < length; p++) {
                    targets[offset + p] = tokens[p + 1];
                    weights[offset + p] = (float) (reward[k] - mean);
                }
                rewardSum += reward[k];
                answerTokens += tokens.length - answer.promptLength();
            }
        }
        return new Scored(new Batch(rows, window, inputs, targets, weights), rewardSum / rows, solved / (double) asked.size(),
                answerTokens / (double) rows);
    }

    private record Scored(Batch batch, double meanReward, double solvedShare, double meanAnswerTokens) {
    }

    @Override
    public long windowsPerStep(int batchSize) {
        return options.answersPerStep();
    }

    @Override
    public List<String> measureNames() {
        List<String> names = new ArrayList<>(List.of(REWARD, SOLVED, ANSWER_TOKENS));
        questions.heldOutTasks().forEach(task -> names.add(GREEDY + task));
        return names;
    }

    /** Each held-out family's mean reward, answered greedily. */
    @Override
    public Map<String, Double> evaluate() {
        List<TaskQuestion> heldOut = questions.heldOut();
        List<CompletionCursor> answers = new ArrayList<>();
        for (TaskQuestion question : heldOut) {
            answers.add(greedy.start(template.prompt(question.asked()), options.maxTokens(), List.of(), new SplittableRandom(0),
                    piece -> { }));
        }
        ParallelDecoding.drain(model, answers.stream().map(List::of).toList(), 32);
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (int i = 0; i < heldOut.size(); i++) {
            double[] sum = sums.computeIfAbsent(heldOut.get(i).task(), task -> new double[2]);
            sum[0] += rewards.score(heldOut.get(i), answers.get(i).result().text());
            sum[1]++;
        }
        Map<String, Double> measures = new LinkedHashMap<>();
        sums.forEach((task, sum) -> measures.put(GREEDY + task, sum[0] / sum[1]));
        return measures;
    }

    @Override
    public boolean bestByValLoss() {
        return false;
    }

    @Override
    public String description() {
        return String.format("policy gradient: %d questions x %d answers a step (temperature %s, up to %d tokens), rewards %s; %s",
                options.questions(), options.group(), options.temperature(), options.maxTokens(), options.reward(),
                questions.summary());
    }

    @Override
    public void saveState(Path folder) throws IOException {
        trainer.saveState(folder);
    }
}
