package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.Parts;
import org.minigpt.core.SavedRun;
import org.minigpt.core.TrainingOutcome;
import org.minigpt.core.TrainingPlan;
import org.minigpt.core.generate.Generation;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.core.train.TrainingListener;
import org.minigpt.core.train.TrainingPoint;

/** A program using minigpt-core as the README shows: plans, values and listeners, no console. */
class EmbeddingTest {
    private static final Parts PARTS = new Parts(Plugins.discover(EmbeddingTest.class.getClassLoader()));
    private static final Map<String, String> TINY = Map.of("train.steps", "6", "train.log_interval", "1",
            "train.eval_interval", "3", "train.eval_batches", "1", "train.batch_size", "4", "model.layers", "1",
            "model.d_model", "16", "model.heads", "2", "model.context_length", "8");

    @TempDir
    Path dir;

    @Test
    void planningWritesNothingTrainingReturnsValuesAndResumeGoesOn() throws Exception {
        Path text = TestData.shakespeareSlice(dir, 20_000);
        Path run = dir.resolve("run");
        List<Long> logged = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void logged(TrainingPoint point) {
                logged.add(point.step());
            }
        };
        TrainingOutcome first;
        try (TrainingPlan plan = TrainingPlan.newRun(PARTS, Config.of(TINY), run, () -> text)) {
            assertFalse(Files.exists(run), "a plan writes nothing");
            assertTrue(plan.description().get(2).startsWith("model      gpt "), plan.description().toString());
            first = plan.train(new SimpleMeterRegistry(), List.of(listener), () -> false);
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), logged);
        assertEquals(6, first.step());
        assertFalse(first.stoppedEarly());
        assertTrue(Double.isFinite(first.last().valLoss()) && first.valBitsPerCharacter() > 0, first.toString());
        assertTrue(Files.isDirectory(first.checkpoint().path()), first.checkpoint().toString());

        List<String> notes = new ArrayList<>();
        try (TrainingPlan resumed = TrainingPlan.resume(PARTS, run, Config.of(Map.of("train.steps", "9")), notes::add)) {
            assertEquals(6, resumed.resumedFrom().orElseThrow().state().step());
            MinigptException second = assertThrows(MinigptException.class,
                    () -> TrainingPlan.resume(PARTS, run, Config.of(Map.of("train.steps", "9")), notes::add));
            assertTrue(second.getMessage().contains("is being trained by another minigpt process (pid "
                    + ProcessHandle.current().pid()), second.getMessage());
            assertEquals(9, resumed.train(new SimpleMeterRegistry(), List.of(), () -> false).step());
        }
        assertEquals(List.of(), notes);

        RunDirectory saved = RunDirectory.open(run);
        Tokenizer tokenizer = SavedRun.tokenizer(PARTS.plugins(), saved);
        try (SavedRun.Model latest = SavedRun.model(PARTS.plugins(), saved, tokenizer, "latest", notes::add)) {
            assertEquals(9, latest.checkpoint().state().step());
            StringBuilder pieces = new StringBuilder();
            String written = new Generation(latest.model().decoder(), tokenizer, PARTS.samplerChain(Config.of(Map.of("sampler", "greedy")), tokenizer))
                    .generate("ROMEO:", 12, List.of(), new SplittableRandom(1), pieces::append);
            assertEquals(written, pieces.toString(), "the pieces handed out make the text returned");
            assertTrue(written.startsWith("ROMEO:") && written.length() > "ROMEO:".length(), written);
        }
    }

    @Test
    void aBadSettingFailsThePlanWithItsKeyAndWritesNothing() {
        Path run = dir.resolve("run");
        ConfigException problem = assertThrows(ConfigException.class, () -> TrainingPlan.newRun(PARTS,
                Config.of(Map.of("train.batch_size", "0")), run, () -> {
                    throw new AssertionError("the text is not asked for when the config is wrong");
                }));
        assertTrue(problem.getMessage().contains("train.batch_size"), problem.getMessage());
        assertFalse(Files.exists(run));
    }
}
