package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.config.Config;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.cli.Console;
import org.minigpt.cli.Main;
import org.minigpt.core.Parts;
import org.minigpt.core.SavedRun;
import org.minigpt.api.model.Decoder;
import org.minigpt.core.TaskEvaluation;
import org.minigpt.core.chat.ChatReply;
import org.minigpt.core.chat.ChatTemplate;
import org.minigpt.core.chat.ChatTokenizer;
import org.minigpt.core.tasks.ReportCard;
import org.minigpt.core.generate.Generation;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.run.RunDirectory;

/** Instruction tuning through the real CLI: a small Shakespeare run learns to name a word's first letter. */
class InstructionTuningTest {
    private static final Pattern SCORE = Pattern.compile("\\| first-letter \\| (\\d+)/(\\d+) = [^|]+\\|[^|]+\\| (\\d+)/(\\d+)");
    private static final String[] SMALL = {"--set", "train.batch_size=16", "--set", "train.eval_batches=4", "--set", "train.warmup_steps=5"};

    @TempDir
    static Path dir;
    private static Path base;
    private static Path tuned;
    private static Path tasks;
    private static CliRun tuning;

    @BeforeAll
    static void trainABaseRunAndTuneItOnFirstLetters() throws Exception {
        Path text = TestData.shakespeareSlice(dir, 200_000);
        base = dir.resolve("base");
        CliRun trained = CliRun.of(CliRun.concat(new String[] {"train", "--data", text.toString(), "--run", base.toString(),
            "--set", "train.steps=80", "--set", "train.eval_interval=40", "--set", "model.layers=2", "--set", "model.d_model=64",
            "--set", "optimizer.lr=3e-3"}, SMALL));
        assertEquals(0, trained.exitCode(), trained.toString());
        tasks = dir.resolve("tasks");
        CliRun written = CliRun.of("tasks", "--data", text.toString(), "--out", tasks.toString(), "--per-task", "1000",
                "--held-out", "50");
        assertEquals(0, written.exitCode(), written.toString());
        Files.write(tasks.resolve("first-train.jsonl"), family(tasks.resolve("train.jsonl")));
        Files.write(tasks.resolve("first-test.jsonl"), family(tasks.resolve("test.jsonl")));
        tuned = dir.resolve("tuned");
        tuning = CliRun.of(CliRun.concat(new String[] {"train", "--init-from", base.toString(), "--data",
            tasks.resolve("first-train.jsonl").toString(), "--run", tuned.toString(), "--set", "train.steps=400",
            "--set", "train.eval_interval=100"}, SMALL));
        assertEquals(0, tuning.exitCode(), tuning.toString());
    }

    private static List<String> family(Path file) throws Exception {
        return Files.readAllLines(file).stream().filter(line -> line.contains("\"task\":\"first-letter\"")).toList();
    }

    @Test
    void theTunedRunNamesTheFirstLetterOfWordsItNeverSawAndTheBaseRunDoesNot() throws Exception {
        assertTrue(tuning.out().contains("tokenizer  char, " + (65 + 4) + " tokens")
                || tuning.out().matches("(?s).*tokenizer  char, \\d+ tokens.*"), tuning.out());
        assertTrue(tuning.out().contains("on these conversations before training"), tuning.out());
        CliRun eval = CliRun.of("eval", "--run", tuned.toString(), "--tasks", tasks.resolve("first-test.jsonl").toString());
        assertEquals(0, eval.exitCode(), eval.toString());
        Matcher score = SCORE.matcher(eval.out());
        assertTrue(score.find(), eval.out());
        assertEquals(50, Integer.parseInt(score.group(2)));
        assertTrue(Integer.parseInt(score.group(1)) >= 40, "at least 80% of held-out words: " + eval.out());
        assertTrue(Integer.parseInt(score.group(3)) < 10, "the base run, asked as text, does not: " + eval.out());
        assertTrue(Files.readString(tuned.resolve("report-first-test.md")).contains("| first-letter | "));
        assertTrue(Files.readString(tuned.resolve("eval.jsonl")).contains("\"first-letter\":{"));
    }

    @Test
    void tasksFromASliceTuneACharRunOfThatSliceAndEvalScoresEveryAnswerOfAConversation() throws Exception {
        Path sliceDir = Files.createDirectories(dir.resolve("slice300k"));
        Path text = TestData.shakespeareSlice(sliceDir, 300_000);
        Path sliceRun = dir.resolve("slice-base");
        CliRun pretrained = CliRun.of(CliRun.concat(new String[] {"train", "--data", text.toString(), "--run", sliceRun.toString(),
            "--set", "train.steps=5", "--set", "model.layers=1", "--set", "model.d_model=32"}, SMALL));
        assertEquals(0, pretrained.exitCode(), pretrained.toString());
        CliRun written = CliRun.of("tasks", "--data", text.toString(), "--out", dir.resolve("all-tasks").toString(),
                "--per-task", "200", "--held-out", "20");
        assertEquals(0, written.exitCode(), written.toString());
        Matcher leftOut = Pattern.compile("left out  (\\d+) examples the tokenizer cannot write").matcher(written.out());
        assertTrue(leftOut.find(), "upper-casing makes letters a slice never has: " + written.out());
        CliRun sameTokenizer = CliRun.of("tasks", "--data", text.toString(), "--out", dir.resolve("run-tasks").toString(),
                "--per-task", "200", "--held-out", "20", "--tokenizer-from", sliceRun.toString());
        assertEquals(0, sameTokenizer.exitCode(), sameTokenizer.toString());
        assertTrue(sameTokenizer.out().contains("left out  " + leftOut.group(1) + " examples the tokenizer cannot write (the"
                + " tokenizer of " + sliceRun), "the run's char tokenizer knows the slice's characters: " + sameTokenizer.out());
        Path all = dir.resolve("tuned-all");
        CliRun tuneAll = CliRun.of(CliRun.concat(new String[] {"train", "--init-from", sliceRun.toString(), "--data",
            dir.resolve("all-tasks/train.jsonl").toString(), "--run", all.toString(), "--set", "train.steps=3"}, SMALL));
        assertEquals(0, tuneAll.exitCode(), "every example the tasks wrote can be tuned on: " + tuneAll);
        CliRun eval = CliRun.of("eval", "--run", all.toString(), "--tasks", dir.resolve("all-tasks/test.jsonl").toString(),
                "--base", "none", "--wrong", "2");
        assertEquals(0, eval.exitCode(), eval.toString());
        for (String row : List.of("| uppercase | ", "| uppercase (answer 2) | ", "| backwards (answer 2) | ",
                "| first-letter (answer 2) | ", "| letter-count (answer 2) | ", "Wrong answers (up to 2 a family and answer):")) {
            assertTrue(eval.out().contains(row), row + " in:\n" + eval.out());
        }
        CliRun other = CliRun.of("eval", "--run", all.toString(), "--tasks", dir.resolve("all-tasks/validation.jsonl").toString(),
                "--base", "none");
        assertEquals(0, other.exitCode(), other.toString());
        assertTrue(Files.exists(all.resolve("report-test.md")) && Files.exists(all.resolve("report-validation.md")),
                "one report card a task file");
    }

    @Test
    void evalAnswersInBatchesWhatEachQuestionGetsAlone() throws Exception {
        Plugins plugins = Plugins.discover(InstructionTuningTest.class.getClassLoader());
        Parts parts = new Parts(plugins);
        Path file = tasks.resolve("first-test.jsonl");
        List<ReportCard.Answer> batched = new TaskEvaluation(parts, file, 16, "exact", Config.of(Map.of()), note -> { })
                .tuned(RunDirectory.open(tuned), Checkpoints.BEST).card().answers();
        RunDirectory run = RunDirectory.open(tuned);
        ChatTokenizer tokenizer = (ChatTokenizer) SavedRun.tokenizer(plugins, run);
        ChatTemplate template = new ChatTemplate(tokenizer);
        var greedy = parts.samplerChain(Config.of(Map.of("sampler", "greedy")), tokenizer);
        try (SavedRun.Model saved = SavedRun.model(plugins, run, tokenizer, Checkpoints.BEST, note -> { });
                Decoder decoder = saved.model().decoder()) {
            assertEquals(50, batched.size());
            for (ReportCard.Answer answer : batched) {
                String alone = new ChatReply(decoder, template, greedy).answer(answer.question().asked(), 16,
                        new SplittableRandom(0), piece -> { }, () -> false).text();
                assertEquals(alone, answer.given(), answer.question().toString());
            }
        }
    }

    @Test
    void theTunedRunIsARunLikeAnyOther() throws Exception {
        Config config = Config.load(tuned.resolve(RunDirectory.CONFIG_FILE));
        assertEquals("minigpt", config.get("chat.template").orElseThrow());
        assertTrue(config.get("init.from").orElseThrow().startsWith(base.toAbsolutePath().normalize() + "@"));
        CliRun info = CliRun.of("info", tuned.toString());
        assertEquals(0, info.exitCode(), info.toString());
        assertTrue(info.out().contains("origin       instruction-tuned from " + base.toAbsolutePath().normalize() + "@"), info.out());
        Path copy = TestData.copyTree(tuned, dir.resolve("tuned-resumed"));
        CliRun resumed = CliRun.of("train", "--resume", copy.toString(), "--set", "train.steps=410");
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertTrue(resumed.out().contains("resuming   from"), resumed.out());
    }

    @Test
    void chatThroughAPipeAnswersTwoTurnsAndKeepsTheFirstInContext() throws Exception {
        CliRun chat = chat("First letter of: ox\nFirst letter of: yew\n/context\n", "chat", "--run", tuned.toString(),
                "--set", "sampler=greedy");
        assertEquals(0, chat.exitCode(), chat.toString());
        List<String> lines = chat.out().lines().toList();
        assertEquals(3, lines.size(), chat.toString());
        // Letters: the small tuned model's exact answer is its training's, not chat's, to decide.
        assertTrue(lines.get(0).matches("[a-z]+") && lines.get(1).matches("[a-z]+"), "letters each: " + chat);
        assertEquals("<|user|>First letter of: ox<|end|><|assistant|>" + lines.get(0) + "<|end|><|user|>First letter of: yew<|end|>"
                + "<|assistant|>" + lines.get(1) + "<|end|>", lines.get(2));
        CliRun one = CliRun.of("chat", "--run", tuned.toString(), "--message", "First letter of: elm", "--set", "sampler=greedy");
        assertEquals(0, one.exitCode(), one.toString());
        assertTrue(one.out().matches("[a-z]+\n"), one.toString());
    }

    @Test
    void aBaseRunGivenTheChatTokensGeneratesItsOldTextForTheSameSeed() throws Exception {
        Plugins plugins = Plugins.discover(getClass().getClassLoader());
        Parts parts = new Parts(plugins);
        RunDirectory run = RunDirectory.open(base);
        Tokenizer text = SavedRun.tokenizer(plugins, run);
        Tokenizer chat = ChatTemplate.tokenizerFor(text);
        Config sampling = run.config().with(Map.of("sampler", "top-k,temperature"));
        try (SavedRun.Model plain = SavedRun.model(plugins, run, text, Checkpoints.BEST, note -> { });
                SavedRun.Model grown = SavedRun.model(plugins, run, chat, Checkpoints.BEST, note -> { })) {
            assertEquals(text.vocabSize() + 4, grown.model().vocabSize());
            String before = new Generation(plain.model().decoder(), text, parts.samplerChain(sampling, text))
                    .generate("ROMEO:", 120, List.of(), new SplittableRandom(5), piece -> { });
            String after = new Generation(grown.model().decoder(), chat, parts.samplerChain(sampling, chat))
                    .generate("ROMEO:", 120, List.of(), new SplittableRandom(5), piece -> { });
            assertEquals(before, after);
        }
    }

    @Test
    void badUsesAreOneLineAndWriteNothing() throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"assistant\", \"content\": \"Yo\"}]}\n"
                + "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"user\", \"content\": \"Yo\"}]}\n");
        Path run = dir.resolve("never");
        CliRun badLine = CliRun.of("train", "--init-from", base.toString(), "--data", bad.toString(), "--run", run.toString());
        assertEquals(2, badLine.exitCode(), badLine.toString());
        assertEquals("minigpt: " + bad + ":2: message 2 is user where assistant must come (a system message first, if any, then"
                + " user and assistant in turn, user first); fix the line, or set chat.skip_bad_lines=true to skip such lines\n",
                badLine.err());
        assertFalse(Files.exists(run));

        CliRun fromScratch = CliRun.of("train", "--data", tasks.resolve("train.jsonl").toString(), "--run", run.toString());
        assertEquals(2, fromScratch.exitCode(), fromScratch.toString());
        assertTrue(fromScratch.err().startsWith("minigpt: " + tasks.resolve("train.jsonl") + " is chat data, which tunes a pretrained"
                + " run: set init.from to one (train --init-from RUN)"), fromScratch.err());
        assertFalse(Files.exists(run));

        CliRun chatWithBase = CliRun.of("chat", "--run", base.toString(), "--message", "Hi");
        assertEquals(2, chatWithBase.exitCode(), chatWithBase.toString());
        assertTrue(chatWithBase.err().startsWith("minigpt: " + base + " is not instruction-tuned"), chatWithBase.err());
        assertEquals(1, chatWithBase.err().lines().count());
    }

    @Test
    void aTurnTheRunCannotTakeIsOneLineAndTheSessionGoesOn() throws Exception {
        String tooLong = "First letter of: " + "x".repeat(200);
        CliRun chat = chat("café\n" + tooLong + "\n/set bogus.key=1\n/set sampler.top-k.k=5\nFirst letter of: ox\n/context\n", "chat",
                "--run", tuned.toString(), "--set", "sampler=greedy");
        assertEquals(0, chat.exitCode(), chat.toString());
        List<String> lines = chat.out().lines().toList();
        assertEquals(6, lines.size(), chat.toString());
        assertTrue(lines.get(0).startsWith("(") && lines.get(0).contains("é"), "names the character: " + lines.get(0));
        assertTrue(lines.get(1).contains("no room for a reply"), lines.get(1));
        assertTrue(lines.get(2).contains("/set takes sampler settings"), lines.get(2));
        assertTrue(lines.get(3).contains("a sampler the chain does not use"), lines.get(3));
        assertTrue(lines.get(4).matches("[a-z]+"), "the next turn is answered: " + chat);
        assertEquals("<|user|>First letter of: ox<|end|><|assistant|>" + lines.get(4) + "<|end|>", lines.get(5),
                "refused turns are not in the conversation");
    }

    private static CliRun chat(String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            Console console = new Console(outStream, errStream, Map.of(), new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            int code = new Main(console).run(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
