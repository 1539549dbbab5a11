package org.minigpt.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.minigpt.api.MinigptException;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.SavedRun;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.core.data.TextFiles;
import org.minigpt.core.tasks.TaskSet;

/**
 * {@code minigpt tasks}: writes a synthetic instruction set made from a text, as train, validation and test JSONL,
 * leaving out what the tokenizer to be tuned cannot write.
 */
final class TasksCommand implements Command {
    static final String OUT = "out";
    static final String PER_TASK = "per-task";
    static final String HELD_OUT = "held-out";
    static final String TOKENIZER_FROM = "tokenizer-from";

    private final Plugins plugins;

    TasksCommand(Plugins plugins) {
        this.plugins = plugins;
    }

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
                Option.builder().longOpt(TOKENIZER_FROM).hasArg().argName("RUN").desc("keep only examples this run's"
                        + " tokenizer can write, and fit conversations to its window (default: those a char tokenizer"
                        + " trained on the text can write, in 64 tokens)").build(),
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
        String text = TextFiles.readUtf8(data);
        TaskSet.Split split;
        if (line.hasOption(TOKENIZER_FROM)) {
            RunDirectory run = RunDirectory.open(Path.of(line.getOptionValue(TOKENIZER_FROM)));
            Tokenizer tokenizer = SavedRun.tokenizer(plugins, run);
            int window = run.config().get("model.context_length").map(Integer::parseInt).orElse(TaskSet.DEFAULT_WINDOW);
            split = TaskSet.of(text, perTask, heldOut, seed, content -> encodable(tokenizer, content), window);
        } else {
            split = TaskSet.of(text, perTask, heldOut, seed);
        }
        split.writeTo(out);
        Set<String> families = new TreeSet<>();
        split.test().forEach(example -> families.addAll(List.of(example.task().split(Pattern.quote(TaskSet.TURN_SEPARATOR)))));
        long multiTurn = split.test().stream().filter(example -> example.task().contains(TaskSet.TURN_SEPARATOR)).count();
        console.out().printf("wrote %s: %,d train, %,d validation, %,d test examples (%,d of the test's are conversations of 2 or"
                + " 3 questions); families %s%n", out.toAbsolutePath().normalize(), split.train().size(), split.validation().size(),
                split.test().size(), multiTurn, String.join(", ", families));
        if (split.leftOut() > 0) {
            console.out().printf("left out  %,d examples the tokenizer cannot write (%s)%n", split.leftOut(),
                    line.hasOption(TOKENIZER_FROM) ? "the tokenizer of " + line.getOptionValue(TOKENIZER_FROM)
                            : "characters the text never has, e.g. an upper-case letter it only has in lower case");
        }
        return 0;
    }

    private static boolean encodable(Tokenizer tokenizer, String content) {
        try {
            tokenizer.encode(content);
            return true;
        } catch (MinigptException e) {
            return false;
        }
    }
}
