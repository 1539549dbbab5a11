package org.minigpt.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.minigpt.api.MinigptException;
import org.minigpt.core.data.TextFiles;
import org.minigpt.core.tasks.TaskSet;

/** {@code minigpt tasks}: writes a synthetic instruction set made from a text, as train, validation and test JSONL. */
final class TasksCommand implements Command {
    static final String OUT = "out";
    static final String PER_TASK = "per-task";
    static final String HELD_OUT = "held-out";

    @Override
    public String name() {
        return "tasks";
    }

    @Override
    public String summary() {
        return "write an instruction set from a text (train/validation/test JSONL) to tune and measure a run";
    }

    @Override
    public Options options() {
        return CliOptions.with(CliOptions.data(),
                Option.builder().longOpt(OUT).hasArg().argName("DIR").desc("the folder to write into (required)").build(),
                Option.builder().longOpt(PER_TASK).hasArg().argName("N").desc("training examples a task family (default 2000)").build(),
                Option.builder().longOpt(HELD_OUT).hasArg().argName("N")
                        .desc("validation and test items a family, each; never seen in training (default 100)").build(),
                CliOptions.seed());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        if (!line.hasOption(OUT)) {
            throw new MinigptException("tasks needs --out DIR, the folder to write train.jsonl, validation.jsonl and test.jsonl into");
        }
        Path out = Path.of(line.getOptionValue(OUT));
        int perTask = CliOptions.intOption(line, PER_TASK, 2000, 1);
        int heldOut = CliOptions.intOption(line, HELD_OUT, 100, 1);
        long seed = CliOptions.longOption(line, CliOptions.SEED, 1337);
        Path data = Defaults.dataFile(line, console);
        TaskSet.Split split = TaskSet.of(TextFiles.readUtf8(data), perTask, heldOut, seed);
        split.writeTo(out);
        Map<String, Integer> families = new TreeMap<>();
        split.test().forEach(example -> families.merge(example.task(), 1, Integer::sum));
        console.out().printf("wrote %s: %,d train, %,d validation, %,d test examples; families %s%n", out.toAbsolutePath().normalize(),
                split.train().size(), split.validation().size(), split.test().size(), String.join(", ", families.keySet()));
        return 0;
    }
}
