package org.minigpt.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.MinigptException;

class CheckpointsTest {
    @TempDir
    Path run;

    private static CheckpointState state(long step, double val, double best, long bestStep) {
        return new CheckpointState(step, step * 100, val, best, bestStep, Duration.ofSeconds(step));
    }

    private static Checkpoints.Contents weights(String text) {
        return folder -> Files.writeString(folder.resolve("weights.npz"), text);
    }

    @Test
    void keepsOnlyTheLatestAndTheBestAndReadsTheirStateBack() throws Exception {
        Checkpoints checkpoints = new Checkpoints(run);
        checkpoints.save(state(100, 2.0, 2.0, 100), weights("a"), true);
        checkpoints.save(state(200, 1.5, 1.5, 200), weights("b"), true);
        checkpoints.save(state(300, 1.7, 1.5, 200), weights("c"), false);
        checkpoints.save(state(400, 1.8, 1.5, 200), weights("d"), false);

        assertEquals(List.of("step-0000400", "step-0000200"), checkpoints.newestFirst().stream().map(Checkpoint::name).toList());
        assertEquals("step-0000400", checkpoints.latest().orElseThrow().name());
        Checkpoint best = checkpoints.best().orElseThrow();
        assertEquals("step-0000200", best.name());
        assertEquals("b", Files.readString(best.path().resolve("weights.npz")));
        assertEquals(state(200, 1.5, 1.5, 200), best.state());
        assertEquals(best.path(), checkpoints.find("best").path());
        assertEquals(best.path(), checkpoints.find("200").path());
        assertEquals("step-0000400", checkpoints.find("latest").name());
        assertEquals(List.of("400"), checkpoints.alternativesTo(best));
    }

    @Test
    void keepingTwoKeepsTheTwoLatestBesidesTheBest() {
        Checkpoints checkpoints = new Checkpoints(run, 2, folder -> Files.writeString(folder.resolve("config.properties"), "k=v"));
        checkpoints.save(state(100, 1.0, 1.0, 100), weights("a"), true);
        for (long step = 200; step <= 500; step += 100) {
            checkpoints.save(state(step, 2.0, 1.0, 100), weights("x"), false);
        }
        assertEquals(List.of("step-0000500", "step-0000400", "step-0000100"),
                checkpoints.newestFirst().stream().map(Checkpoint::name).toList());
        assertTrue(Files.exists(checkpoints.latest().orElseThrow().path().resolve("config.properties")),
                "each checkpoint holds the run's files too");
    }

    @Test
    void aWriteThatFailsMidwayKeepsThePreviousCheckpointAsTheLatest() {
        Checkpoints checkpoints = new Checkpoints(run);
        checkpoints.save(state(100, 2.0, 2.0, 100), weights("good"), true);
        MinigptException failure = assertThrows(MinigptException.class, () -> checkpoints.save(state(200, 1.0, 1.0, 200),
                folder -> {
                    Files.writeString(folder.resolve("weights.npz"), "half");
                    throw new IOException("No space left on device");
                }, true));
        assertEquals("could not save checkpoint step-0000200 in " + run.resolve("checkpoints")
                + " (IOException: No space left on device); step-0000100 is kept", failure.getMessage());
        assertEquals("step-0000100", checkpoints.latest().orElseThrow().name());
        assertEquals("step-0000100", checkpoints.best().orElseThrow().name());
        assertFalse(Files.exists(run.resolve("checkpoints/step-0000200")));
    }

    @Test
    void aPartialFolderLeftByAKilledProcessIsNeverTakenForACheckpoint() throws Exception {
        Checkpoints checkpoints = new Checkpoints(run);
        checkpoints.save(state(100, 2.0, 2.0, 100), weights("good"), true);
        // What kill -9 during the next save leaves: a hidden folder, half written, never renamed.
        Path partial = Files.createDirectories(run.resolve("checkpoints/.partial-step-0000200"));
        Files.writeString(partial.resolve("weights.npz"), "hal");
        assertEquals("step-0000100", checkpoints.latest().orElseThrow().name());
        checkpoints.save(state(200, 1.0, 1.0, 200), weights("new"), true);
        assertFalse(Files.exists(partial), "the next save clears it");
        assertEquals("new", Files.readString(checkpoints.latest().orElseThrow().path().resolve("weights.npz")));
    }

    @Test
    void aCorruptStateFileOrAnUnknownNameIsOneClearLine() throws Exception {
        Checkpoints checkpoints = new Checkpoints(run);
        checkpoints.save(state(100, 2.0, 2.0, 100), weights("a"), true);
        assertEquals("no checkpoint '7' in " + run.resolve("checkpoints") + "; it has step-0000100",
                assertThrows(MinigptException.class, () -> checkpoints.find("7")).getMessage());
        assertEquals("a checkpoint is named latest, best or by its step, not 'newest'",
                assertThrows(MinigptException.class, () -> checkpoints.find("newest")).getMessage());
        Files.writeString(run.resolve("checkpoints/step-0000100/state.properties"), "step=ten\n");
        assertTrue(checkpoints.latest().isEmpty(), "a checkpoint whose state cannot be read is skipped");
        String reason = run.resolve("checkpoints/step-0000100/state.properties")
                + " is unreadable or corrupt (NumberFormatException); its checkpoint is skipped";
        assertEquals(List.of(reason), checkpoints.damaged());
        assertEquals(reason, assertThrows(MinigptException.class, () -> checkpoints.find("100")).getMessage());
        assertEquals("no checkpoint 'best' in " + run.resolve("checkpoints") + "; it has step-0000100; " + reason,
                assertThrows(MinigptException.class, () -> checkpoints.find("best")).getMessage());
    }

    @Test
    void noCheckpointsYet() {
        Checkpoints checkpoints = new Checkpoints(run);
        assertTrue(checkpoints.latest().isEmpty());
        assertTrue(checkpoints.best().isEmpty());
        assertTrue(checkpoints.newestFirst().isEmpty());
    }
}
