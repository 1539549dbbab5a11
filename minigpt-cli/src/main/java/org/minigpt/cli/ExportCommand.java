package org.minigpt.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.minigpt.api.MinigptException;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.export.RunExport;

/** {@code minigpt export}: a run's checkpoint as a GGUF file for llama.cpp, or a Hugging Face GPT-2 folder. */
final class ExportCommand implements Command {
    private static final String FORMAT = "format";
    private static final String OUT = "out";
    private static final String TYPE = "type";
    private static final String LICENSE = "license";
    private final Plugins plugins;

    ExportCommand(Plugins plugins) {
        this.plugins = plugins;
    }

    @Override
    public String name() {
        return "export";
    }

    @Override
    public String summary() {
        return "write a run as GGUF (llama.cpp, ollama, node-llama-cpp) or as a Hugging Face GPT-2 folder";
    }

    @Override
    public Options options() {
        return CliOptions.with(CliOptions.run("the run to export"), CliOptions.checkpoint(),
                Option.builder().longOpt(FORMAT).hasArg().argName("FORMAT")
                        .desc("gguf (one file for llama.cpp) or hf (a folder for Hugging Face transformers)").build(),
                Option.builder().longOpt(OUT).hasArg().argName("PATH")
                        .desc("the file (gguf) or folder (hf) to write; must not exist").build(),
                Option.builder().longOpt(TYPE).hasArg().argName("TYPE")
                        .desc("weights as f32 (default) or f16 (half the size; norms and biases stay f32 in GGUF)").build(),
                Option.builder().longOpt(LICENSE).hasArg().argName("SPDX")
                        .desc("the license to name in the file's metadata, e.g. MIT (default: none named)").build());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        String run = required(line, CliOptions.RUN, "--run RUN");
        RunExport.Format format = RunExport.Format.named(required(line, FORMAT, "--format gguf|hf"));
        Path out = Path.of(required(line, OUT, "--out PATH"));
        String type = line.getOptionValue(TYPE, "f32");
        if (!type.equals("f32") && !type.equals("f16")) {
            throw new MinigptException("--type must be f32 or f16, was '" + type + "'");
        }
        RunExport.Request request = new RunExport.Request(Path.of(run), line.getOptionValue(CliOptions.CHECKPOINT,
                Checkpoints.BEST), format, out, type.equals("f16"), Optional.ofNullable(line.getOptionValue(LICENSE)));
        long started = System.nanoTime();
        RunExport.Result result = RunExport.export(plugins, request, note -> console.err().println("note: " + note));
        console.out().printf("exported step %d of %s to %s (%s, %,d bytes) in %.1f s%n", result.step(), run, result.out(),
                format.name().toLowerCase(java.util.Locale.ROOT) + " " + type, result.bytes(),
                (System.nanoTime() - started) / 1e9);
        return ExitCode.OK;
    }

    private static String required(CommandLine line, String option, String usage) {
        String value = line.getOptionValue(option);
        if (value == null) {
            throw new MinigptException("export needs " + usage + ": minigpt export --run RUN --format gguf|hf --out PATH");
        }
        return value;
    }
}
