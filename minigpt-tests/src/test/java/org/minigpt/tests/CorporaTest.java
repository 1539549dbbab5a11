package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code minigpt prepare} and training on what it writes, through the CLI. */
class CorporaTest {
    private static final String[] SMALL = {"--set", "train.batch_size=8", "--set", "train.eval_batches=2", "--set", "train.eval_interval=5",
        "--set", "model.layers=1", "--set", "model.d_model=32", "--set", "model.heads=2", "--set", "model.context_length=16"};

    @TempDir
    static Path dir;
    private static Path slice;
    private static Path corpus;

    @BeforeAll
    static void prepareASlice() throws Exception {
        slice = TestData.shakespeareSlice(dir, 200_000);
        corpus = dir.resolve("corpus");
        CliRun prepared = CliRun.of("prepare", "--data", slice.toString(), "--out", corpus.toString());
        assertEquals(0, prepared.exitCode(), prepared.toString());
        assertTrue(prepared.out().contains("prepared " + corpus + ": 1 documents, 0.2 MB -> 200,000 tokens (char, "), prepared.out());
    }

    @Test
    void aPreparedCorpusTrainsToTheLossesOfTheSameTextInMemoryAndResumes() throws Exception {
        Path fromCorpus = dir.resolve("from-corpus");
        Path fromText = dir.resolve("from-text");
        CliRun onCorpus = train(corpus, fromCorpus, "train.steps=10");
        CliRun onText = train(slice, fromText, "train.steps=10");
        assertEquals(0, onCorpus.exitCode(), onCorpus.toString());
        assertEquals(0, onText.exitCode(), onText.toString());
        assertTrue(onCorpus.out().contains("prepared corpus: 1 documents, 0.2 MB, 200,000 tokens in 1 shard"), onCorpus.out());
        assertEquals(losses(fromText), losses(fromCorpus));

        CliRun info = CliRun.of("info", "--run", fromCorpus.toString());
        assertTrue(info.out().contains("prepared corpus: 1 documents"), info.toString());
        CliRun resumed = CliRun.of("train", "--resume", fromCorpus.toString(), "--set", "train.steps=15");
        assertEquals(0, resumed.exitCode(), resumed.toString());
        CliRun straight = train(corpus, dir.resolve("straight"), "train.steps=15");
        assertEquals(losses(dir.resolve("straight")), losses(fromCorpus), "a resumed run repeats the uninterrupted curve");
        assertEquals(0, straight.exitCode());
    }

    @Test
    void aRunRefusesACorpusPreparedAgainOrWithAnotherTokenizer() throws Exception {
        Path copy = TestData.copyTree(corpus, dir.resolve("copy"));
        Path run = dir.resolve("on-copy");
        assertEquals(0, train(copy, run, "train.steps=5").exitCode());
        TestData.copyTree(corpus, dir.resolve("unused")); // the same corpus elsewhere is fine; a different one at this path is not
        org.minigpt.core.run.Folders.deleteTree(copy);
        Path other = dir.resolve("other.txt");
        Files.writeString(other, Files.readString(slice).substring(1000));
        assertEquals(0, CliRun.of("prepare", "--data", other.toString(), "--out", copy.toString()).exitCode());
        String metrics = Files.readString(run.resolve("metrics.csv"));
        CliRun resumed = CliRun.of("train", "--resume", run.toString(), "--set", "train.steps=10");
        assertEquals(2, resumed.exitCode(), resumed.toString());
        assertEquals("minigpt: " + copy + " changed since the run started (its manifest.json's sha256 differs from data.sha256"
                + " in config.properties); a resumed run trains on the data it began on: restore it to resume\n", resumed.err());
        assertEquals(metrics, Files.readString(run.resolve("metrics.csv")), "nothing written");
        ErrorTable.add("resume on a corpus prepared again", "minigpt train --resume " + run, resumed.err().strip(), 2, dir);

        CliRun bpe = CliRun.of(CliRun.concat(new String[] {"train", "--data", corpus.toString(), "--run", dir.resolve("bpe").toString(),
            "--set", "tokenizer=bpe"}, SMALL));
        assertEquals(2, bpe.exitCode(), bpe.toString());
        assertEquals("minigpt: " + corpus + " was prepared with tokenizer=char, so a run on it cannot set tokenizer=bpe; leave it out,"
                + " or prepare the corpus again with it\n", bpe.err());
        assertFalse(Files.exists(dir.resolve("bpe")));
    }

    @Test
    void fineTuningOnACorpusTakesOneEncodedWithTheOriginsTokenizer() throws Exception {
        Path origin = dir.resolve("origin");
        assertEquals(0, train(slice, origin, "train.steps=5").exitCode());
        Path bytes = dir.resolve("bytes");
        assertEquals(0, CliRun.of("prepare", "--data", slice.toString(), "--out", bytes.toString(), "--set", "tokenizer=byte").exitCode());
        CliRun mismatched = CliRun.of("train", "--init-from", origin.toString(), "--data", bytes.toString(), "--run",
                dir.resolve("tuned-bytes").toString(), "--set", "train.steps=3");
        assertEquals(2, mismatched.exitCode(), mismatched.toString());
        assertEquals("minigpt: " + bytes + " was prepared with another tokenizer than this run's; prepare it with that one:"
                + " minigpt prepare --tokenizer-from RUN ...\n", mismatched.err());

        Path same = dir.resolve("same-tokenizer");
        CliRun prepared = CliRun.of("prepare", "--data", slice.toString(), "--out", same.toString(), "--tokenizer-from", origin.toString());
        assertEquals(0, prepared.exitCode(), prepared.toString());
        CliRun tuned = CliRun.of("train", "--init-from", origin.toString(), "--data", same.toString(), "--run",
                dir.resolve("tuned").toString(), "--set", "train.steps=3");
        assertEquals(0, tuned.exitCode(), tuned.toString());
    }

    @Test
    void aMisspeltKeyIsRefusedBeforeAnyPassOverTheCorpus() {
        Path out = dir.resolve("misspelt");
        CliRun misspelt = CliRun.of("prepare", "--data", slice.toString(), "--out", out.toString(), "--set", "tokenizer=bpe",
                "--set", "tokenizer.vocab_sise=300");
        assertEquals(2, misspelt.exitCode(), misspelt.toString());
        assertEquals("minigpt: unknown config key tokenizer.vocab_sise; did you mean tokenizer.vocab_size?\n", misspelt.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aKilledPrepareLeavesNoCorpusTrainWouldReadAndTheNextPrepareStartsClean() throws Exception {
        Path big = dir.resolve("big");
        Files.createDirectories(big);
        String text = Files.readString(slice);
        for (int i = 0; i < 150; i++) {
            Files.writeString(big.resolve(String.format("part-%03d.txt", i)), text);
        }
        Path out = dir.resolve("killed");
        Process prepare = Processes.start(dir.resolve("prepare.err"), "prepare", "--data", big.toString(), "--out", out.toString(),
                "--set", "data.shard_tokens=1000000");
        Path third = out.resolve("tokens-00002.bin");
        for (int i = 0; i < 12_000 && !Files.exists(third) && prepare.isAlive(); i++) {
            Thread.sleep(5);
        }
        assertTrue(Files.exists(third), "a few shards were written before the kill");
        prepare.destroyForcibly(); // SIGKILL, mid-shard
        assertTrue(prepare.waitFor(1, TimeUnit.MINUTES));
        assertEquals(137, prepare.exitValue(), "killed before it finished: " + Files.readString(dir.resolve("prepare.err")));
        assertFalse(Files.exists(out.resolve("manifest.json")));

        CliRun refused = train(out, dir.resolve("on-killed"), "train.steps=2");
        assertEquals(2, refused.exitCode(), refused.toString());
        assertEquals("minigpt: " + out + " has no manifest.json: its prepare did not finish; run minigpt prepare into it again\n",
                refused.err());
        ErrorTable.add("train on a corpus whose prepare was killed", "minigpt train --data " + out, refused.err().strip(), 2, dir);

        CliRun again = CliRun.of("prepare", "--data", big.toString(), "--out", out.toString(), "--set", "data.shard_tokens=1000000");
        assertEquals(0, again.exitCode(), again.toString());
        try (Stream<Path> entries = Files.list(out)) {
            assertFalse(entries.anyMatch(entry -> entry.toString().endsWith(".part")));
        }
        assertEquals(0, train(out, dir.resolve("on-prepared"), "train.steps=2").exitCode());
    }

    @Test
    void aTextTooLargeForTheHeapSaysToPrepareItInsteadOfRunningOutOfMemory() throws Exception {
        Path large = dir.resolve("large.txt");
        Files.writeString(large, Files.readString(slice).repeat(50));
        Path run = dir.resolve("large-run");
        ProcessBuilder builder = new ProcessBuilder(TestData.projectRoot().resolve("bin/minigpt").toString(), "train", "--data",
                large.toString(), "--run", run.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("large.out").toFile());
        builder.environment().put("MINIGPT_JAVA_OPTS", "-Xmx64m");
        Process train = builder.start();
        assertTrue(train.waitFor(2, TimeUnit.MINUTES));
        String out = Files.readString(dir.resolve("large.out"));
        assertEquals(2, train.exitValue(), out);
        assertTrue(out.startsWith("minigpt: " + large + " (10 MB) is too large to hold in memory (this JVM's heap is "), out);
        assertTrue(out.endsWith("; prepare it once into token shards, which train reads from disk: minigpt prepare --data " + large
                + " --out CORPUS, then train --data CORPUS\n"), out);
        assertFalse(Files.exists(run));
        ErrorTable.add("a text too large for the heap", "MINIGPT_JAVA_OPTS=-Xmx64m minigpt train --data " + large, out.strip(), 2, dir);
    }

    private static CliRun train(Path data, Path run, String steps) {
        return CliRun.of(CliRun.concat(new String[] {"train", "--data", data.toString(), "--run", run.toString(), "--set", steps}, SMALL));
    }

    /** Each logged step's training and validation loss. */
    private static List<String> losses(Path run) throws Exception {
        try (Stream<String> lines = Files.lines(run.resolve("metrics.csv"))) {
            return lines.skip(1).map(line -> {
                String[] fields = line.split(",", -1);
                return fields[0] + "," + fields[3] + "," + fields[4];
            }).toList();
        }
    }
}
