package org.minigpt.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.minigpt.api.MinigptException;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.core.CorpusPreparation;
import org.minigpt.core.Parts;
import org.minigpt.core.corpus.Manifest;
import org.minigpt.cli.monitor.PrepareProgress;

/**
 * {@code minigpt prepare}: a corpus of any size tokenized once into token shards that {@code train --data DIR}
 * reads from disk.
 */
final class PrepareCommand implements Command {
    static final String OUT = "out";
    static final String TOKENIZER_FROM = "tokenizer-from";
    private final Parts parts;

    PrepareCommand(Plugins plugins) {
        this.parts = new Parts(plugins);
    }

    @Override
    public String name() {
        return "prepare";
    }

    @Override
    public String summary() {
        return "tokenize a corpus (files, folders of *.txt, globs) once into token shards that train reads from disk";
    }

    @Override
    public Options options() {
        return CliOptions.with(CliOptions.config(), CliOptions.set(),
                Option.builder("d").longOpt(CliOptions.DATA).hasArgs().argName("PATH")
                        .desc("a text file, a folder (its *.txt files, recursively) or a glob; repeatable").build(),
                Option.builder("o").longOpt(OUT).hasArg().argName("DIR").desc("the folder to write (new or empty)").build(),
                Option.builder().longOpt(TOKENIZER_FROM).hasArg().argName("RUN")
                        .desc("encode with this run's tokenizer instead of training one (to fine-tune RUN on the corpus)").build());
    }

    @Override
    public int run(CommandLine line, Console console) throws IOException {
        if (!line.hasOption(CliOptions.DATA) || !line.hasOption(OUT)) {
            throw new MinigptException("prepare needs --data PATH (the corpus) and --out DIR (where its shards go)");
        }
        CorpusPreparation preparation = CorpusPreparation.of(parts, CliOptions.configFrom(line),
                List.of(line.getOptionValues(CliOptions.DATA)),
                Optional.ofNullable(line.getOptionValue(TOKENIZER_FROM)).map(Path::of));
        List<Path> files = preparation.files();
        Path out = Path.of(line.getOptionValue(OUT));
        int threads = Runtime.getRuntime().availableProcessors();
        console.err().printf("preparing %,d file%s into %s on %d thread%s%n", files.size(), files.size() == 1 ? "" : "s", out,
                threads, threads == 1 ? "" : "s");
        long start = System.nanoTime();
        Manifest manifest;
        try (PrepareProgress progress = new PrepareProgress(console.err(), console.interactive())) {
            manifest = preparation.prepare(out, progress, threads);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        manifest.skipped().forEach(skipped -> console.err().println("skipped " + skipped.path() + ": " + skipped.reason()));
        console.out().printf("prepared %s: %,d documents%s, %,.1f MB -> %,d tokens (%s, %,d in the vocabulary) in %d shard%s,"
                        + " %.1f s (%.1f MB/s)%n", out, manifest.documents().size(),
                manifest.skipped().isEmpty() ? "" : String.format(" (%,d files skipped)", manifest.skipped().size()),
                manifest.bytes() / 1e6, manifest.tokens(),
                manifest.tokenizer().get(Plugins.TOKENIZER), manifest.vocabSize(), manifest.shards().size(),
                manifest.shards().size() == 1 ? "" : "s", seconds, manifest.bytes() / 1e6 / seconds);
        console.out().println("train on it with: minigpt train --data " + out);
        return ExitCode.OK;
    }
}
