package org.minigpt.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.cli.Console;
import org.minigpt.cli.Main;

/** Two small runs trained once for every server test in this JVM: a Shakespeare run and an instruction-tuned one. */
final class TestRuns {
    private static Path dir;

    private TestRuns() {
    }

    /** {@code base}: trained on Shakespeare; {@code tuned}: {@code base} taught to answer "Who is there?" with "Nay, answer me". */
    static synchronized Path dir() throws IOException {
        if (dir == null) {
            Path made = Files.createTempDirectory("minigpt-serve-test");
            String text = Files.readString(Path.of(System.getProperty("minigpt.test.data"))).substring(0, 100_000);
            Files.writeString(made.resolve("text.txt"), text);
            Files.writeString(made.resolve("chat.jsonl"), ("{\"messages\": [{\"role\": \"user\", \"content\": \"Who is there?\"},"
                    + " {\"role\": \"assistant\", \"content\": \"Nay, answer me\"}]}\n").repeat(40));
            cli("train", "--data", made.resolve("text.txt").toString(), "--run", made.resolve("base").toString(), "--set",
                    "train.steps=60", "--set", "model.layers=1", "--set", "model.heads=2", "--set", "model.d_model=32", "--set",
                    "model.context_length=48", "--set", "train.batch_size=8", "--set", "train.eval_batches=2");
            cli("train", "--init-from", made.resolve("base").toString(), "--data", made.resolve("chat.jsonl").toString(), "--run",
                    made.resolve("tuned").toString(), "--set", "train.steps=60", "--set", "train.batch_size=8", "--set",
                    "train.eval_batches=1", "--set", "optimizer.lr=0.01", "--set", "train.warmup_steps=5");
            dir = made;
        }
        return dir;
    }

    /** Both runs behind a server on a free loopback port. */
    static ApiServer server(int parallel, int queue, Optional<String> key) throws Exception {
        return server(parallel, queue, key, Set.of());
    }

    /** Both runs behind a server on a free loopback port that also lets pages of {@code origins} in. */
    static ApiServer server(int parallel, int queue, Optional<String> key, Set<String> origins) throws Exception {
        Path runs = dir();
        Plugins plugins = Plugins.discover(TestRuns.class.getClassLoader());
        ServedModels models = ServedModels.load(plugins, List.of("base=" + runs.resolve("base"), "tuned=" + runs.resolve("tuned")));
        return new ApiServer(plugins, models, new ApiServer.Settings(new InetSocketAddress("127.0.0.1", 0), key, parallel,
                queue, 256, 0, origins));
    }

    /** The base run's tokenizer, as the server loads it. */
    static org.minigpt.api.tokenizer.Tokenizer baseTokenizer() throws Exception {
        try (ServedModels models = ServedModels.load(Plugins.discover(TestRuns.class.getClassLoader()),
                List.of("base=" + dir().resolve("base")))) {
            return models.get("base").tokenizer();
        }
    }

    static String cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = new Main(new Console(stream, stream, Map.of())).run(args);
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
