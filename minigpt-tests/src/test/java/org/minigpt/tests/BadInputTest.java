package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every user mistake the CLI can meet, through its real entry point: one line on stderr that says
 * what is wrong and how to fix it, exit code 2, no stack trace, and nothing saved touched. Each case
 * adds its row to {@link ErrorTable}.
 */
class BadInputTest {
    private static final String[] TINY_MODEL = {"--set", "model.layers=1", "--set", "model.d_model=16", "--set", "model.heads=2",
        "--set", "model.context_length=8", "--set", "train.batch_size=4", "--set", "train.eval_batches=2"};

    @TempDir
    static Path dir;
    static Path text;
    /** A finished run with checkpoints at steps 10 and 20; tests that damage it work on a copy. */
    static Path trained;

    @BeforeAll
    static void trainATinyRun() throws Exception {
        text = TestData.shakespeareSlice(dir, 20_000);
        trained = dir.resolve("trained");
        CliRun result = CliRun.of(CliRun.concat(new String[] {"train", "--data", text.toString(), "--run", trained.toString(),
            "--set", "train.steps=20", "--set", "train.eval_interval=10", "--set", "train.checkpoint_interval=10",
            "--set", "train.keep_checkpoints=2"}, TINY_MODEL));
        assertEquals(0, result.exitCode(), result.toString());
    }

    /** Runs the CLI, checks it printed exactly {@code expected} as its one line, with exit code 2. */
    private static CliRun refuses(String situation, String expected, String... args) {
        CliRun result = CliRun.of(args);
        assertEquals(2, result.exitCode(), result.toString());
        assertEquals("minigpt: " + expected + "\n", result.err());
        ErrorTable.add(situation, command(args), "minigpt: " + expected, result.exitCode(), dir);
        return result;
    }

    private static String command(String... args) {
        return "minigpt " + Arrays.stream(args).map(arg -> arg.contains(" ") || arg.isEmpty() ? "\"" + arg + "\"" : arg)
                .collect(Collectors.joining(" "));
    }

    private static String[] train(String... settings) {
        return CliRun.concat(new String[] {"train", "--data", text.toString(), "--run", dir.resolve("never").toString()}, settings);
    }

    private static Path copyOfTrained(String name) throws Exception {
        return TestData.copyTree(trained, dir.resolve(name));
    }

    @Test
    void exportsThatCannotBeWritten() throws Exception {
        Path existing = Files.writeString(dir.resolve("taken.gguf"), "a file the user keeps");
        refuses("export to an unknown format", "unknown export format 'onnx': use gguf (llama.cpp) or hf (Hugging Face)",
                "export", "--run", trained.toString(), "--format", "onnx", "--out", dir.resolve("out.onnx").toString());
        refuses("export over an existing file", existing + " already exists; give --out a new path (export never overwrites)",
                "export", "--run", trained.toString(), "--format", "gguf", "--out", existing.toString());
        assertEquals("a file the user keeps", Files.readString(existing));
        Path empty = copyOfTrained("no-checkpoints");
        org.minigpt.core.run.Folders.deleteTree(empty.resolve("checkpoints"));
        Files.createDirectories(empty.resolve("checkpoints"));
        Path out = dir.resolve("never.gguf");
        refuses("export of a run without checkpoints", "run " + empty + " has no checkpoint to export yet; train it first:"
                + " minigpt train --resume " + empty, "export", "--run", empty.toString(), "--format", "gguf",
                "--out", out.toString());
        assertTrue(Files.notExists(out));
        refuses("export with no --out", "export needs --out PATH: minigpt export --run RUN --format gguf|hf --out PATH",
                "export", "--run", trained.toString(), "--format", "hf");
    }

    @Test
    void dataThatCannotBeTrainedOn() throws Exception {
        Path missing = dir.resolve("nothing.txt");
        refuses("data file missing", "data file " + missing + " does not exist; pass a UTF-8 text file with --data",
                "train", "--data", missing.toString());
        refuses("data is a folder that is not a prepared corpus", dir + " has no manifest.json: it is a folder, not a prepared corpus;"
                + " prepare it first: minigpt prepare --data " + dir + " --out CORPUS",
                "train", "--data", dir.toString());
        Path empty = Files.createFile(dir.resolve("empty.txt"));
        refuses("data file empty", "data file " + empty + " is empty; pass a UTF-8 text file with --data",
                "train", "--data", empty.toString());
        Path binary = Files.write(dir.resolve("binary.bin"), new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, (byte) 0xC3});
        refuses("data file not UTF-8", "data file " + binary + " is not UTF-8 text; convert it (e.g. iconv -t UTF-8) or pick another file",
                "train", "--data", binary.toString());
        Path shortText = Files.writeString(dir.resolve("short.txt"), "To be, or not to be");
        refuses("text shorter than one window", "the text has 19 tokens, leaving 19 to train on, fewer than one window of"
                + " model.context_length + 1 = 65; use a longer text or a smaller model.context_length",
                "train", "--data", shortText.toString(), "--set", "train.val_fraction=0");
        refuses("validation split with no window", "train.val_fraction 0.001 holds out 20 tokens, fewer than one window of"
                + " model.context_length + 1 = 65; raise train.val_fraction, use a longer text, or set it to 0",
                train("--set", "train.val_fraction=0.001"));
        assertFalse(Files.exists(dir.resolve("never")), "no run directory for a run that did not start");
    }

    @Test
    void configValuesOutOfRange() {
        refuses("misspelt key", "unknown config key model.layer; did you mean model.layers?", train("--set", "model.layer=2"));
        refuses("misspelt key", "unknown config key train.eval_intervall; did you mean train.eval_interval?",
                train("--set", "train.eval_intervall=9"));
        refuses("non-numeric value", "train.steps was 'many' but it must be an integer", train("--set", "train.steps=many"));
        refuses("non-numeric value", "optimizer.lr was 'fast' but it must be a number", train("--set", "optimizer.lr=fast"));
        refuses("layers <= 0", "model.layers must be an integer >= 1, was 0", train("--set", "model.layers=0"));
        refuses("heads not dividing d_model", "model.heads must divide model.d_model (128), was 3", train("--set", "model.heads=3"));
        refuses("a model too large to index", "model.d_model=100000 makes a 100,000 x 400,000 weight matrix"
                + " (40,000,000,000 values), more than one array holds (2,147,483,647); lower model.d_model",
                train("--set", "model.d_model=100000"));
        refuses("dropout outside [0, 1)", "model.dropout must be in [0.0, 1.0), was 1.0", train("--set", "model.dropout=1"));
        refuses("dropout outside [0, 1)", "model.dropout must be in [0.0, 1.0), was -0.1", train("--set", "model.dropout=-0.1"));
        refuses("lr <= 0", "optimizer.lr must be a number > 0, was 0.0", train("--set", "optimizer.lr=0"));
        refuses("batch <= 0", "train.batch_size must be an integer >= 1, was 0", train("--set", "train.batch_size=0"));
        refuses("context <= 0", "model.context_length must be an integer >= 1, was -4", train("--set", "model.context_length=-4"));
        assertFalse(Files.exists(dir.resolve("never")), "nothing written for a refused config");
    }

    @Test
    void unknownPluginsListTheKnownOnes() {
        refuses("unknown tokenizer", "unknown tokenizer 'words' (key tokenizer): known tokenizers are bpe, byte, char",
                train("--set", "tokenizer=words"));
        refuses("unknown model", "unknown model 'gpt2' (key model): known models are gpt", train("--set", "model=gpt2"));
        refuses("unknown optimizer", "unknown optimizer 'adam' (key optimizer): known optimizers are adamw, sgd",
                train("--set", "optimizer=adam"));
        refuses("unknown sampler", "unknown sampler 'nucleus' (key sampler): known samplers are dry, greedy,"
                + " logit-bias, min-p, mirostat, repetition-penalty, temperature, top-k, top-p, typical-p, xtc", "generate", "--run", trained.toString(), "--set", "sampler=nucleus");
    }

    @Test
    void problemsFoundBeforeThePlanAreOneLineWithNothingAboveIt() throws Exception {
        Path file = Files.writeString(dir.resolve("some.txt"), "a file");
        CliRun under = refuses("run directory under a file", "cannot make --run " + file.resolve("run") + ": "
                + file.toAbsolutePath() + " is a file, not a directory; pick another --run",
                "train", "--data", text.toString(), "--run", file.resolve("run").toString());
        assertEquals("", under.out());
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun port = refuses("metrics port taken", "cannot serve metrics on 127.0.0.1:" + taken.getLocalPort()
                    + " (Address already in use); pick another --metrics-port",
                    train("--metrics-port", Integer.toString(taken.getLocalPort())));
            assertEquals("", port.out());
        }
        assertFalse(Files.exists(dir.resolve("never")), "nothing written");
    }

    @Test
    void samplerChainsAndKeysThatWouldDoNothingAreRefused() {
        String run = trained.toString();
        refuses("greedy before another sampler", "sampler=greedy,temperature: greedy only picks the token, so the samplers"
                + " after it would decide instead; put it last (e.g. sampler=temperature,greedy) or alone",
                "generate", "--run", run, "--set", "sampler=greedy,temperature");
        refuses("misspelt sampler setting", "unknown config key sampler.temperature.valu; did you mean sampler.temperature.value?",
                "generate", "--run", run, "--set", "sampler.temperature.valu=0.5");
        refuses("a setting of no sampler", "unknown config key sampler.bogus; minigpt settings lists every key (docs/configuration.md)",
                "generate", "--run", run, "--set", "sampler.bogus=1");
        refuses("params given a bad training value", "train.steps was '1e3' but it must be an integer",
                "params", "--data", text.toString(), "--set", "train.steps=1e3");
        refuses("params given a misspelt key", "unknown config key optimizer.lrr; did you mean optimizer.lr?",
                "params", "--data", text.toString(), "--set", "optimizer.lrr=1");
    }

    @Test
    void aConfigFileThatDoesNotExist() {
        Path absent = dir.resolve("absent.properties");
        refuses("config file missing", "config file " + absent + " does not exist", "train", "--config", absent.toString());
    }

    @Test
    void trainingIntoAnExistingRunIsRefusedAndNothingIsOverwritten() throws Exception {
        Path run = copyOfTrained("existing");
        byte[] config = Files.readAllBytes(run.resolve("config.properties"));
        byte[] weights = Files.readAllBytes(run.resolve("checkpoints/step-0000020/weights.npz"));
        refuses("train into an existing run", "run directory " + run + " already holds a run; pick another --run DIR,"
                + " or continue it with --resume " + run + " (nothing was overwritten)",
                "train", "--data", text.toString(), "--run", run.toString());
        assertArrayEquals(config, Files.readAllBytes(run.resolve("config.properties")));
        assertArrayEquals(weights, Files.readAllBytes(run.resolve("checkpoints/step-0000020/weights.npz")));
    }

    @Test
    void generateOrInfoOnSomethingThatIsNotARun() {
        Path notRun = dir.resolve("not-a-run");
        refuses("generate on a missing directory", "run directory " + notRun + " does not exist; train one with: minigpt train --run "
                + notRun, "generate", "--run", notRun.toString());
        refuses("generate on a folder that is not a run", dir + " is not a run directory (it has no config.properties);"
                + " train one with: minigpt train --run " + dir, "generate", "--run", dir.toString());
        refuses("info on a folder that is not a run", dir + " is not a run directory (it has no config.properties);"
                + " train one with: minigpt train --run " + dir, "info", dir.toString());
        refuses("generate without --run", "generate needs --run DIR, the directory a train run saved", "generate");
    }

    @Test
    void aTruncatedCheckpointIsNamedAndTheOlderOneUsed() throws Exception {
        Path run = copyOfTrained("truncated");
        Path weights = run.resolve("checkpoints/step-0000020/weights.npz");
        Files.write(weights, Arrays.copyOf(Files.readAllBytes(weights), 1000));
        String corrupt = weights + " is corrupt (EOFException: Unexpected end of ZLIB input stream)";
        refuses("truncated checkpoint", corrupt + "; other checkpoints: --checkpoint 10",
                "generate", "--run", run.toString(), "--checkpoint", "latest");
        refuses("a checkpoint name that is none", "--checkpoint must be latest, best or a step number, was 'newest'",
                "generate", "--run", run.toString(), "--checkpoint", "newest");
        CliRun older = CliRun.of("generate", "--run", run.toString(), "--checkpoint", "10", "-n", "5", "--seed", "1");
        assertEquals(0, older.exitCode(), older.toString());
        assertEquals(1 + 5 + 1, older.out().length(), "the newline prompt, five characters and a closing newline: " + older.out());

        String[] resume = {"train", "--resume", run.toString(), "--set", "train.steps=21"};
        CliRun resumed = CliRun.of(resume);
        assertEquals(0, resumed.exitCode(), resumed.toString());
        String note = "note: " + corrupt + "; trying an older checkpoint";
        assertEquals(note + "\n", resumed.err());
        assertTrue(resumed.out().contains("resuming   from " + run.resolve("checkpoints/step-0000010") + " (step 10)"), resumed.out());
        ErrorTable.add("resume with a truncated latest checkpoint", command(resume), note, resumed.exitCode(), dir);
    }

    @Test
    void aCorruptStateFileSkipsItsCheckpointWithANote() throws Exception {
        Path run = copyOfTrained("corrupt-state");
        Path state = run.resolve("checkpoints/step-0000020/state.properties");
        Files.writeString(state, "step=twenty\n");
        String[] generate = {"generate", "--run", run.toString(), "-n", "3"};
        CliRun result = CliRun.of(generate);
        assertEquals(0, result.exitCode(), result.toString());
        String note = "note: " + state + " is unreadable or corrupt (NumberFormatException); its checkpoint is skipped";
        assertEquals(note + "\n", result.err());
        ErrorTable.add("checkpoint with a corrupt state file", command(generate), note, result.exitCode(), dir);
        CliRun info = CliRun.of("info", run.toString());
        assertTrue(info.out().contains("damaged      " + state + " is unreadable"), info.out());
        assertTrue(info.out().contains("checkpoints  latest step-0000010"), info.out());
    }

    @Test
    void aCheckpointWhoseConfigDoesNotMatchTheCodeNamesTheMismatch() throws Exception {
        Path unknownKey = copyOfTrained("unknown-key");
        Files.writeString(unknownKey.resolve("config.properties"), "model.flash_attention=true\n",
                java.nio.file.StandardOpenOption.APPEND);
        refuses("run config with a key the code does not know", unknownKey.resolve("config.properties")
                + " does not fit this minigpt's plugins: unknown config key model.flash_attention; minigpt settings lists"
                + " every key (docs/configuration.md) (was the run made by another version, or the file edited?)",
                "generate", "--run", unknownKey.toString());

        Path otherPlugin = copyOfTrained("other-plugin");
        Path config = otherPlugin.resolve("config.properties");
        Files.writeString(config, Files.readString(config).replace("model=gpt\n", "model=llama\n"));
        refuses("run config naming a model plugin that is not installed", config + " does not fit this minigpt's plugins:"
                + " unknown model 'llama' (key model): known models are gpt (was the run made by another version, or the"
                + " file edited?)", "generate", "--run", otherPlugin.toString());

        Path otherShape = copyOfTrained("other-shape");
        config = otherShape.resolve("config.properties");
        Files.writeString(config, Files.readString(config).replace("model.d_model=16\n", "model.d_model=32\n"));
        refuses("weights of another shape than the config", otherShape.resolve("checkpoints/step-0000020/weights.npz")
                + ": wte has shape [58, 16] but the run's config makes [58, 32]; other checkpoints: --checkpoint 10",
                "generate", "--run", otherShape.toString(), "--checkpoint", "latest");
    }

    @Test
    void aPromptWithCharactersTheTokenizerNeverSaw() {
        refuses("prompt with an unseen character", "the char tokenizer never saw '€' (U+20AC) in its training text;"
                + " leave it out, or train with tokenizer=byte", "generate", "--run", trained.toString(), "--prompt", "ROMEO€");
    }

    @Test
    void samplerSettingsThatBanEveryTokenAreAnErrorNotEmptyText() {
        StringBuilder bans = new StringBuilder();
        for (int id = 0; id < 58; id++) {
            bans.append(id == 0 ? "" : ",").append(id).append("=-inf");
        }
        refuses("every token banned", "the sampler settings leave no token to choose: every token's logit is -inf"
                + " (e.g. logit-bias bans them all); allow at least one", "generate", "--run", trained.toString(),
                "--set", "sampler=logit-bias,temperature", "--set", "sampler.logit-bias.ids=" + bans);
    }

    @Test
    void anUnknownCommandOrOptionPointsToHelp() {
        CliRun command = CliRun.of("trian");
        assertEquals(2, command.exitCode());
        List<String> lines = command.err().lines().toList();
        assertEquals(List.of("minigpt: unknown command 'trian'; commands are train, generate, info, params, tokenize, prepare, bench, plugins, settings, tasks, eval, chat, export, serve, studio",
                "Run 'minigpt --help' for usage."), lines);
        ErrorTable.add("unknown command", "minigpt trian", lines.get(0), command.exitCode(), dir);
        CliRun option = CliRun.of("train", "--steps", "10");
        assertEquals(2, option.exitCode());
        assertEquals("minigpt train: Unrecognized option: --steps\nRun 'minigpt train --help' for its options.\n", option.err());
        ErrorTable.add("unknown option", "minigpt train --steps 10", "minigpt train: Unrecognized option: --steps", 2, dir);
    }
}
