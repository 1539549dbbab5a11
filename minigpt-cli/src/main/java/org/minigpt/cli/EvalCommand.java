package org.minigpt.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.minigpt.api.MinigptException;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.core.Parts;
import org.minigpt.core.SavedRun;
import org.minigpt.core.TaskEvaluation;
import org.minigpt.core.TrainingPlan;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.core.tasks.ReportCard;
import org.minigpt.core.tasks.Rewards;

/**
 * {@code minigpt eval}: an instruction-tuned run's report card on a task file: greedy answers, accuracy per family and
 * answer of the conversation (right: the family's reward is 1 or more) with a 95% interval, beside the run it was tuned
 * from (asked the same questions as text, or in the chat template when that run is instruction-tuned too); written to
 * {@code report-TASKFILE.md} in the run, one card a task file.
 */
final class EvalCommand implements Command {
    static final String TASKS = "tasks";
    static final String BASE = "base";
    static final String WRONG = "wrong";
    static final String REWARD = "reward";
    static final String HISTORY = "eval.jsonl";
    private static final int ANSWER_TOKENS = 32;

    private final Parts parts;

    EvalCommand(Plugins plugins) {
        this.parts = new Parts(plugins);
    }

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "score an instruction-tuned run on a task file (per family, by reward) beside the run it came from";
    }

    @Override
    public Options options() {
        return CliOptions.with(CliOptions.run("the instruction-tuned run (required)"),
                Option.builder().longOpt(TASKS).hasArg().argName("FILE").desc("the test JSONL, e.g. from minigpt tasks (required)").build(),
                Option.builder().longOpt(BASE).hasArg().argName("DIR")
                        .desc("the run to compare with (default: the run it was tuned from; 'none' for no comparison)").build(),
                Option.builder().longOpt(REWARD).hasArg().argName("LIST")
                        .desc("the rewards that score the answers, e.g. exact (default: the run's rl.reward, else "
                                + Rewards.DEFAULT + ")").build(),
                Option.builder().longOpt(WRONG).hasArg().argName("N")
                        .desc("list up to N wrong answers a family and answer, with what was expected (default 0)").build(),
                CliOptions.checkpoint());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        if (!line.hasOption(CliOptions.RUN) || !line.hasOption(TASKS)) {
            throw new MinigptException("eval needs --run DIR (an instruction-tuned run) and --tasks FILE (e.g. test.jsonl from minigpt tasks)");
        }
        RunDirectory run = RunDirectory.open(Path.of(line.getOptionValue(CliOptions.RUN)));
        if (!SavedRun.isInstructionTuned(run.config())) {
            throw new MinigptException(run.path() + " is not instruction-tuned; tune it first: minigpt train --init-from "
                    + run.path() + " --data chat.jsonl --run NEW");
        }
        Path tasksFile = Path.of(line.getOptionValue(TASKS));
        String rewards = line.getOptionValue(REWARD, run.config().get("rl.reward").orElse(Rewards.DEFAULT));
        TaskEvaluation evaluation = new TaskEvaluation(parts, tasksFile, ANSWER_TOKENS, rewards, run.config(),
                note -> console.err().println("note: " + note));
        TaskEvaluation.TunedScore tuned = evaluation.tuned(run, line.getOptionValue(CliOptions.CHECKPOINT, Checkpoints.BEST));
        String basePath = line.getOptionValue(BASE, run.config().get(TrainingPlan.INIT_FROM).map(EvalCommand::originPath).orElse("none"));
        RunDirectory baseRun = basePath.equals("none") ? null : RunDirectory.open(Path.of(basePath));
        boolean baseTuned = baseRun != null && SavedRun.isInstructionTuned(baseRun.config());
        ReportCard base = baseRun == null ? null
                : baseTuned ? evaluation.tuned(baseRun, Checkpoints.BEST).card() : evaluation.base(baseRun);

        int wrong = CliOptions.intOption(line, WRONG, 0, 0);
        List<String> report = report(run, tasksFile, rewards, tuned.card(), base, basePath + (baseTuned
                ? " in its chat template" : " asked each question as a line of text"));
        if (wrong > 0) {
            report.addAll(wrongAnswers(tuned.card(), wrong));
        }
        report.add("");
        report.add(String.format("Val loss (the run's held-out conversations, answers only): %.4f at step %d.", tuned.valLoss(),
                tuned.step()));
        report.add(String.format("Answer loss on these tasks: %.4f nats a token, %.3f bits a character (the end counted as one).",
                tuned.answerNatsPerToken(), tuned.answerBitsPerCharacter()));
        report.forEach(console.out()::println);
        Path reportFile = run.path().resolve(reportName(tasksFile));
        Files.write(reportFile, report, StandardCharsets.UTF_8);
        Files.writeString(run.path().resolve(HISTORY), json(tasksFile, tuned.card(), base) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        console.err().println("wrote " + reportFile + " and a line of " + run.path().resolve(HISTORY));
        return 0;
    }

    /** {@code report-test.md} for {@code tasks/test.jsonl}: one card a task file, kept beside the others. */
    static String reportName(Path tasksFile) {
        String name = tasksFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return "report-" + (dot > 0 ? name.substring(0, dot) : name) + ".md";
    }

    /** Up to {@code most} wrong answers of each family and answer: the question, what came, what was expected. */
    private static List<String> wrongAnswers(ReportCard card, int most) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Wrong answers (up to " + most + " a family and answer):");
        lines.add("");
        lines.add("| task | question | answered | expected |");
        lines.add("|---|---|---|---|");
        Map<String, Integer> listed = new LinkedHashMap<>();
        for (ReportCard.Answer answer : card.answers()) {
            String label = ReportCard.Score.label(answer.question().task(), answer.question().turn());
            if (!answer.correct() && listed.merge(label, 1, Integer::sum) <= most) {
                lines.add("| " + label + " | " + cell(answer.question().question()) + " | " + cell(answer.given()) + " | "
                        + cell(answer.question().expected()) + " |");
            }
        }
        return lines;
    }

    /** Text in a table cell, its bars and line breaks shown rather than breaking the table. */
    private static String cell(String text) {
        return "`" + text.replace("|", "\\|").replace("\n", "\\n").replace("`", "'") + "`";
    }

    /** {@code RUN@STEP} as {@code init.from} records it: the run's folder. */
    private static String originPath(String initFrom) {
        int at = initFrom.lastIndexOf('@');
        return at > 0 ? initFrom.substring(0, at) : initFrom;
    }

    private static List<String> report(RunDirectory run, Path tasks, String rewards, ReportCard tuned, ReportCard base,
            String baseDescription) {
        List<String> lines = new ArrayList<>();
        lines.add("# Report card: " + run.path().toAbsolutePath().normalize());
        lines.add("");
        lines.add("Tasks " + tasks.toAbsolutePath().normalize() + ", greedy answers, right when the reward (" + rewards
                + ") is 1; base: " + (base == null ? "none" : baseDescription) + ".");
        lines.add("");
        lines.add("| task | tuned | 95% interval | base |");
        lines.add("|---|---|---|---|");
        Map<String, ReportCard.Score> baseScores = new LinkedHashMap<>();
        if (base != null) {
            base.scores().forEach(score -> baseScores.put(score.label(), score));
        }
        for (ReportCard.Score score : tuned.scores()) {
            double[] interval = score.interval();
            ReportCard.Score other = baseScores.get(score.label());
            lines.add(String.format("| %s | %d/%d = %.1f%% | %.1f–%.1f%% | %s |", score.label(), score.correct(), score.total(),
                    100 * score.accuracy(), 100 * interval[0], 100 * interval[1],
                    other == null ? "–" : String.format("%d/%d = %.1f%%", other.correct(), other.total(), 100 * other.accuracy())));
        }
        return lines;
    }

    private static String json(Path tasks, ReportCard tuned, ReportCard base) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("tasks", tasks.toAbsolutePath().normalize().toString());
        line.put("tuned", scores(tuned));
        if (base != null) {
            line.put("base", scores(base));
        }
        return new ObjectMapper().writeValueAsString(line);
    }

    private static Map<String, Object> scores(ReportCard card) {
        Map<String, Object> scores = new LinkedHashMap<>();
        card.scores().forEach(score -> scores.put(score.label(), Map.of("correct", score.correct(), "total", score.total(),
                "accuracy", score.accuracy())));
        return scores;
    }
}
