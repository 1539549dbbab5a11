package org.minigpt.studio;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.minigpt.api.MinigptException;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.cli.CliOptions;
import org.minigpt.cli.Command;
import org.minigpt.cli.Console;
import org.minigpt.cli.Defaults;
import org.minigpt.core.corpus.PreparedCorpus;
import org.minigpt.core.data.TextFiles;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.http.AllowedOrigins;

/** {@code minigpt studio}: serves the studio page on 127.0.0.1 until Ctrl-C. */
final class StudioCommand implements Command {
    static final int DEFAULT_PORT = 8788;
    private static final String PORT = "port";
    private static final String RUNS = "runs";
    private static final String ALLOW_ORIGIN = "allow-origin";

    private final Plugins plugins;

    StudioCommand(Plugins plugins) {
        this.plugins = plugins;
    }

    @Override
    public String name() {
        return "studio";
    }

    @Override
    public String summary() {
        return "a local web page: size a model with sliders, train it with a live loss chart, sample from it";
    }

    @Override
    public Options options() {
        return CliOptions.with(
                CliOptions.run("a trained run to generate from until the studio trains one"),
                CliOptions.data(),
                Option.builder().longOpt(PORT).hasArg().argName("N")
                        .desc("the port on 127.0.0.1 (default " + DEFAULT_PORT + "; 0 picks a free one)").build(),
                Option.builder().longOpt(RUNS).hasArg().argName("DIR")
                        .desc("where the runs the studio trains are saved (default runs)").build(),
                Option.builder().longOpt(ALLOW_ORIGIN).hasArg().argName("ORIGIN").desc("another web page's origin that may use"
                        + " the studio's API, e.g. http://localhost:3000; repeatable (default: only the studio's own page)").build());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        int port = CliOptions.intOption(line, PORT, DEFAULT_PORT, 0);
        if (port > 65_535) {
            throw new MinigptException("--port must be at most 65535, was " + port);
        }
        Path initialRun = null;
        if (line.hasOption(CliOptions.RUN)) {
            initialRun = RunDirectory.open(Path.of(line.getOptionValue(CliOptions.RUN))).path();
        }
        Path dataFile = Defaults.dataFile(line, console);
        String text = PreparedCorpus.isFolder(dataFile) ? null : TextFiles.readUtf8(dataFile);
        Path runs = Path.of(line.getOptionValue(RUNS, "runs"));
        try (StudioServer server = new StudioServer(plugins, dataFile, text, runs, initialRun, port,
                    AllowedOrigins.of(line.getOptionValues(ALLOW_ORIGIN)))) {
            console.out().println("studio     " + server.uri() + "  (text " + dataFile + "; runs saved in " + runs + ")");
            console.out().println("           open it in a browser; Ctrl-C stops the studio");
            console.out().flush();
            new CountDownLatch(1).await(); // serves until the process is stopped
        }
        return 0;
    }
}
