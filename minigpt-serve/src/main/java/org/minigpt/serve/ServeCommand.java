package org.minigpt.serve;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.minigpt.api.MinigptException;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.cli.CliOptions;
import org.minigpt.cli.Command;
import org.minigpt.cli.Console;
import org.minigpt.cli.monitor.StopSignal;
import org.minigpt.http.AllowedOrigins;

/** {@code minigpt serve}: trained runs behind the OpenAI API until Ctrl-C or SIGTERM, which let requests under way finish. */
final class ServeCommand implements Command {
    static final String HOST = "host";
    static final String PORT = "port";
    static final String API_KEY = "api-key";
    static final String PARALLEL = "parallel";
    static final String QUEUE = "queue";
    static final String GRACE = "grace";
    static final String CACHE_MB = "cache-mb";
    static final String ALLOW_ORIGIN = "allow-origin";
    /** Sequences decoding at once when --parallel is not given: enough for 16 interactive clients. */
    static final int PARALLEL_DEFAULT = 16;
    static final String KEY_VARIABLE = "MINIGPT_API_KEY";

    private final Plugins plugins;

    ServeCommand(Plugins plugins) {
        this.plugins = plugins;
    }

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "serve runs over the OpenAI API (/v1/completions, /v1/chat/completions) for OpenAI clients";
    }

    @Override
    public Options options() {
        return CliOptions.with(
                Option.builder("r").longOpt(CliOptions.RUN).hasArg().argName("[NAME=]DIR")
                        .desc("a run to serve, repeatable; its model name is NAME, else the folder's name (required)").build(),
                Option.builder().longOpt(HOST).hasArg().argName("ADDRESS").desc("the address to listen on (default 127.0.0.1;"
                        + " another needs --api-key)").build(),
                Option.builder().longOpt(PORT).hasArg().argName("N").desc("the port (default 8080; 0 picks a free one)").build(),
                Option.builder().longOpt(API_KEY).hasArg().argName("KEY").desc("the key clients must send as a Bearer token"
                        + " (default: $" + KEY_VARIABLE + ", else none)").build(),
                Option.builder().longOpt(PARALLEL).hasArg().argName("N").desc("sequences decoding at once, stepped together (a"
                        + " request takes one per choice; default " + PARALLEL_DEFAULT + ")").build(),
                Option.builder().longOpt(QUEUE).hasArg().argName("N").desc("requests waiting to start; past them a request"
                        + " gets 429 (default 16)").build(),
                Option.builder().longOpt(CACHE_MB).hasArg().argName("MB").desc("each model's key/value cache; a request that"
                        + " does not fit waits (default: 64 full windows, within a quarter of the heap)").build(),
                Option.builder().longOpt("max-tokens").hasArg().argName("N").desc("the most tokens one request may ask for"
                        + " (default 512)").build(),
                Option.builder().longOpt(ALLOW_ORIGIN).hasArg().argName("ORIGIN").desc("a web page's origin that may use"
                        + " the server from a browser, e.g. http://localhost:3000; repeatable (default: none)").build(),
                Option.builder().longOpt(GRACE).hasArg().argName("SECONDS").desc("how long requests under way may take to"
                        + " finish on Ctrl-C or SIGTERM (default 10)").build());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        String[] runs = line.getOptionValues(CliOptions.RUN);
        if (runs == null) {
            throw new MinigptException("serve needs at least one --run DIR (or --run NAME=DIR), a trained run to serve");
        }
        ApiServer.Settings settings = settings(line, console);
        try (ServedModels models = ServedModels.load(plugins, List.of(runs));
                StopSignal stop = StopSignal.install(() -> { })) {
            ApiServer server = new ApiServer(plugins, models, settings);
            console.out().println("serving    " + server.uri() + "v1  models: " + String.join(", ",
                    models.all().stream().map(ServedModel::name).toList()) + "  (" + settings.parallel() + " sequences at once, queue "
                    + settings.queue() + (settings.apiKey().isPresent() ? ", API key required" : "") + "; Ctrl-C stops)");
            console.out().flush();
            while (!stop.getAsBoolean()) {
                new CountDownLatch(1).await(200, TimeUnit.MILLISECONDS);
            }
            Duration grace = Duration.ofSeconds(CliOptions.intOption(line, GRACE, 10, 0));
            int cut = server.shutDown(grace);
            console.err().println(cut == 0 ? "stopped    every request under way finished"
                    : "stopped    " + cut + " request" + (cut == 1 ? "" : "s") + " still under way after " + grace.toSeconds()
                    + " s cut off");
        }
        return 0;
    }

    private static ApiServer.Settings settings(CommandLine line, Console console) {
        String host = line.getOptionValue(HOST, "127.0.0.1");
        int port = CliOptions.intOption(line, PORT, 8080, 0);
        if (port > 65_535) {
            throw new MinigptException("--port must be at most 65535, was " + port);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new MinigptException("--host " + host + " is not an address of this machine; give one, e.g. 127.0.0.1");
        }
        Optional<String> key = Optional.ofNullable(line.getOptionValue(API_KEY))
                .or(() -> Optional.ofNullable(console.environment().get(KEY_VARIABLE))).filter(value -> !value.isBlank());
        if (!address.isLoopbackAddress() && key.isEmpty()) {
            throw new MinigptException("--host " + host + " would let other machines use the server without a key; give one"
                    + " with --api-key KEY (or $" + KEY_VARIABLE + "), or keep the default 127.0.0.1");
        }
        int parallel = CliOptions.intOption(line, PARALLEL, PARALLEL_DEFAULT, 1);
        int queue = CliOptions.intOption(line, QUEUE, 16, 0);
        int maxTokens = CliOptions.intOption(line, "max-tokens", 512, 1);
        int cacheMegabytes = CliOptions.intOption(line, CACHE_MB, 0, 1);
        return new ApiServer.Settings(new InetSocketAddress(address, port), key, parallel, queue, maxTokens, cacheMegabytes,
                AllowedOrigins.of(line.getOptionValues(ALLOW_ORIGIN)));
    }
}
