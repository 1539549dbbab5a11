package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User mistakes get one line on stderr, exit code 2, no stack trace, and nothing saved is touched. */
class BadInputTest {
    @TempDir
    Path dir;

    private static void assertOneLine(CliRun result, String expected) {
        assertEquals(2, result.exitCode(), result.toString());
        assertEquals("minigpt: " + expected + "\n", result.err());
        assertFalse(result.err().contains("\tat "), "stack trace printed");
    }

    @Test
    void aMissingDataFile() {
        Path missing = dir.resolve("nothing.txt");
        assertOneLine(CliRun.of("train", "--data", missing.toString(), "--run", dir.resolve("run").toString()),
                "data file " + missing + " does not exist; pass a UTF-8 text file with --data");
        assertFalse(Files.exists(dir.resolve("run")), "no run directory for a failed start");
    }

    @Test
    void anEmptyOrBinaryDataFile() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.txt"));
        assertOneLine(CliRun.of("train", "--data", empty.toString()), "data file " + empty + " is empty; pass a UTF-8 text file with --data");
        Path binary = Files.write(dir.resolve("binary.bin"), new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, (byte) 0xC3});
        assertOneLine(CliRun.of("train", "--data", binary.toString()),
                "data file " + binary + " is not UTF-8 text; convert it (e.g. iconv -t UTF-8) or pick another file");
    }

    @Test
    void anUnknownPluginListsTheKnownOnes() {
        assertOneLine(CliRun.of("train", "--set", "tokenizer=words"), "unknown tokenizer 'words' (key tokenizer): known tokenizers are bpe, byte, char");
        assertOneLine(CliRun.of("train", "--set", "optimizer=adam"), "unknown optimizer 'adam' (key optimizer): known optimizers are adamw, sgd");
    }

    @Test
    void anInvalidConfigValueNamesTheKeyAndRange() throws Exception {
        Path text = TestData.shakespeareSlice(dir, 5_000);
        assertOneLine(CliRun.of("train", "--data", text.toString(), "--set", "model.heads=3"),
                "model.heads must divide model.d_model (128), was 3");
        assertOneLine(CliRun.of("train", "--data", text.toString(), "--set", "optimizer.lr=0"), "optimizer.lr must be a number > 0, was 0.0");
        assertOneLine(CliRun.of("train", "--set", "train.steps=many"), "train.steps was 'many' but it must be an integer");
        assertOneLine(CliRun.of("train", "--config", dir.resolve("absent.properties").toString()),
                "config file " + dir.resolve("absent.properties") + " does not exist");
    }

    @Test
    void aTextShorterThanOneWindow() throws Exception {
        Path text = Files.writeString(dir.resolve("short.txt"), "To be, or not to be");
        assertOneLine(CliRun.of("train", "--data", text.toString(), "--set", "train.val_fraction=0"),
                "the text has 19 tokens, leaving 19 to train on, fewer than one window of model.context_length + 1 = 65;"
                        + " use a longer text or a smaller model.context_length");
    }

    @Test
    void trainingIntoAnExistingRunIsRefusedAndNothingIsOverwritten() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("config.properties"), "model=gpt\n");
        Path text = TestData.shakespeareSlice(dir, 5_000);
        assertOneLine(CliRun.of("train", "--data", text.toString(), "--run", run.toString()),
                "run directory " + run + " already holds a run; pick another --run DIR, or continue it with --resume " + run
                        + " (nothing was overwritten)");
        assertEquals("model=gpt\n", Files.readString(run.resolve("config.properties")));
    }

    @Test
    void generateFromSomethingThatIsNotARun() {
        assertOneLine(CliRun.of("generate", "--run", dir.toString()),
                dir + " is not a run directory (it has no config.properties); train one with: minigpt train --run " + dir);
        assertOneLine(CliRun.of("generate"), "generate needs --run DIR, the directory a train run saved");
    }

    @Test
    void aMisspeltConfigKeyIsRefusedWithTheNearestKeyBeforeAnythingIsWritten() throws Exception {
        Path text = TestData.shakespeareSlice(dir, 5_000);
        Path run = dir.resolve("misspelt");
        assertOneLine(CliRun.of("train", "--data", text.toString(), "--run", run.toString(), "--set", "model.layer=2"),
                "unknown config key model.layer; did you mean model.layers?");
        assertOneLine(CliRun.of("train", "--data", text.toString(), "--run", run.toString(), "--set", "train.eval_intervall=9"),
                "unknown config key train.eval_intervall; did you mean train.eval_interval?");
        assertTrue(!Files.exists(run.resolve("config.properties")), "nothing was written");
    }

    @Test
    void anUnknownCommandOrOptionPointsToHelp() {
        CliRun command = CliRun.of("trian");
        assertEquals(2, command.exitCode());
        assertTrue(command.err().startsWith("minigpt: unknown command 'trian'; commands are train, generate, info, params, tokenize, bench, plugins\n"), command.err());
        CliRun option = CliRun.of("train", "--steps", "10");
        assertEquals(2, option.exitCode());
        assertEquals("minigpt train: Unrecognized option: --steps\nRun 'minigpt train --help' for its options.\n", option.err());
    }
}
