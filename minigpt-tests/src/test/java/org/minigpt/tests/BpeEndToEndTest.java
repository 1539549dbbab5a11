package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Swapping the tokenizer by config: a BPE trained on the text, through train, generate, params and tokenize. */
class BpeEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void trainsWithBpeAndGeneratesWithTheRunsOwnTokenizer() throws Exception {
        Path slice = TestData.shakespeareSlice(dir, 200_000);
        Path run = dir.resolve("run");
        CliRun training = CliRun.of("train", "--data", slice.toString(), "--run", run.toString(),
                "--set", "tokenizer=bpe", "--set", "tokenizer.vocab_size=384",
                "--set", "train.steps=60", "--set", "train.log_interval=20", "--set", "train.batch_size=16",
                "--set", "train.eval_batches=4", "--set", "model.layers=2", "--set", "model.d_model=64",
                "--set", "model.context_length=32", "--set", "optimizer.lr=3e-3", "--set", "train.warmup_steps=10");
        assertEquals(0, training.exitCode(), training.toString());
        assertTrue(training.out().contains("tokenizer  bpe, 384 tokens"), training.out());
        assertTrue(Files.readString(run.resolve("tokenizer.json")).contains("\"merges\""));

        // Greedy: a sampled token may be a lone byte the 60 steps never saw, which no decoder can make a character of.
        CliRun generated = CliRun.of("generate", "--run", run.toString(), "--prompt", "ROMEO:", "--max-tokens", "60",
                "--seed", "5", "--set", "tokenizer=char", "--set", "sampler=greedy");
        assertEquals(0, generated.exitCode(), generated.toString());
        assertTrue(generated.out().startsWith("ROMEO:"), generated.out());
        assertTrue(generated.out().length() > "ROMEO:".length() + 60, "60 BPE tokens are more than 60 characters: " + generated.out());
        assertFalse(generated.out().contains("\uFFFD"), generated.out());
        assertEquals("note: generate uses the run's own model and tokenizer; ignoring tokenizer=char\n", generated.err());
    }

    @Test
    void paramsFollowTheTokenizersVocabulary() throws Exception {
        Path slice = TestData.shakespeareSlice(dir, 100_000);
        Pattern total = Pattern.compile("total\\s+([\\d,]+)");
        CliRun charParams = CliRun.of("params", "--data", slice.toString());
        CliRun bpeParams = CliRun.of("params", "--data", slice.toString(), "--set", "tokenizer=bpe", "--set", "tokenizer.vocab_size=512");
        Matcher charTotal = total.matcher(charParams.out());
        Matcher bpeTotal = total.matcher(bpeParams.out());
        assertTrue(charTotal.find() && bpeTotal.find(), charParams.out() + bpeParams.out());
        int charVocab = (int) Files.readString(slice).chars().distinct().count();
        long difference = Long.parseLong(bpeTotal.group(1).replace(",", "")) - Long.parseLong(charTotal.group(1).replace(",", ""));
        assertEquals(2L * 128 * (512 - charVocab), difference, "token embedding and head grow by d_model per token");
    }

    @Test
    void tokenizeReportsVocabularyCompressionAndTheLongestTokens() throws Exception {
        Path slice = TestData.shakespeareSlice(dir, 100_000);
        CliRun result = CliRun.of("tokenize", "--data", slice.toString(), "--set", "tokenizer=bpe", "--set", "tokenizer.vocab_size=600");
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("vocabulary      600 tokens"), result.out());
        Matcher ratio = Pattern.compile("([\\d.]+) characters per token").matcher(result.out());
        assertTrue(ratio.find() && Double.parseDouble(ratio.group(1)) > 1.8, result.out());
        assertTrue(result.out().lines().anyMatch(line -> line.startsWith("longest tokens  '<|endoftext|>'")), result.out());
    }
}
