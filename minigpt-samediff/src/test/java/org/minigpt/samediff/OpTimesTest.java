package org.minigpt.samediff;

import org.minigpt.samediff.graph.GptOptions;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.Config;
import org.minigpt.api.model.Batch;
import org.minigpt.api.model.TrainingStep;
import org.minigpt.samediff.optimizers.adamw.AdamWOptimizerFactory;
import org.nd4j.linalg.api.buffer.DataType;

/** {@code train.profile=true}: each training step's ops, by type, with the step's whole time. */
class OpTimesTest {
    @Test
    void timesTheOpsOfEachTrainingStepByType() {
        GptModel model = GptModelFactory.create(new GptOptions(1, 2, 16, 8, 0.1), 11, 5, DataType.FLOAT);
        var trainer = model.trainer(new AdamWOptimizerFactory().create(Config.empty().section("optimizer")), 1, 1, true);
        SplittableRandom random = new SplittableRandom(3);
        Batch batch = new Batch(2, 8, random.ints(16, 0, 11).toArray(), random.ints(16, 0, 11).toArray());
        for (int step = 0; step < 3; step++) {
            trainer.step(batch, new TrainingStep(step, 1e-3, 1));
        }
        model.decoder().logitsAfter(new int[] {1, 2}); // inference is not counted
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Every type, not the slowest 15: which ops lead a tiny model's step is down to timing.
        model.opTimes().print(new PrintStream(out, true, StandardCharsets.UTF_8), Integer.MAX_VALUE);
        String table = out.toString(StandardCharsets.UTF_8);
        Matcher summary = Pattern.compile("profile    3 training steps, ([\\d.]+) ms a step: ([\\d.]+) ms in (\\d+) ops").matcher(table);
        assertTrue(summary.find(), table);
        assertTrue(Double.parseDouble(summary.group(2)) <= Double.parseDouble(summary.group(1)), "ops within the step: " + table);
        assertTrue(Integer.parseInt(summary.group(3)) > 50, "forward and backward of a block: " + table);
        for (String type : new String[] {"matmul", "softmax_bp", "standardize_bp", "xw_plus_b"}) {
            assertTrue(Pattern.compile("(?m)^ +" + type + " +[\\d.]+ +[\\d.]+% +\\d+$").matcher(table).find(), type + " in\n" + table);
        }
    }
}
