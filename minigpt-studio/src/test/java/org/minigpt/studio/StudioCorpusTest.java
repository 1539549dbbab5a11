package org.minigpt.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.cli.Console;
import org.minigpt.cli.Main;
import org.minigpt.core.run.RunDirectory;

/** The studio on a prepared corpus: the corpus's tokenizer, whatever the page picks, and runs that train on its shards. */
class StudioCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sizesAndTrainsWithTheCorpussTokenizer() throws Exception {
        Path text = Files.writeString(dir.resolve("verse.txt"), "To be, or not to be, that is the question:\n".repeat(400));
        Path corpus = dir.resolve("corpus");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new Main(new Console(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Map.of()))
                .run("prepare", "--data", text.toString(), "--out", corpus.toString());
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newHttpClient();
        try (StudioServer server = new StudioServer(Plugins.discover(getClass().getClassLoader()), corpus, null,
                dir.resolve("runs"), null, 0)) {
            JsonNode params = JSON.readTree(http.send(HttpRequest.newBuilder(server.uri().resolve(
                    "/api/params?layers=1&heads=2&d_model=16&context_length=8&tokenizer=byte")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(17, params.get("vocabSize").asInt(), "the line's 17 characters, not 256 bytes");

            HttpResponse<String> started = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/train"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"layers\":1,\"heads\":2,\"d_model\":16,\"context_length\":8,\"tokenizer\":\"byte\",\"steps\":5,"
                                    + "\"batch_size\":4}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, started.statusCode(), started.body());
            server.awaitTraining();
            Path run = Path.of(JSON.readTree(started.body()).get("run").asText());
            assertTrue(Files.isRegularFile(run.resolve("checkpoints/best")), "the run trained");
            assertEquals(corpus.toAbsolutePath().normalize().toString(),
                    RunDirectory.open(run).config().get(RunDirectory.DATA_FILE).orElseThrow());
            assertEquals("char", RunDirectory.open(run).config().get("tokenizer").orElseThrow());
        }
    }
}
