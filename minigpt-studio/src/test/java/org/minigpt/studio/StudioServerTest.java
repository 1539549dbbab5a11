package org.minigpt.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.cli.Console;
import org.minigpt.cli.Main;
import org.minigpt.http.RawHttp;
import org.minigpt.http.SlowClients;

/** Each endpoint of a real studio server on a free loopback port, over HTTP. */
class StudioServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSE = """
            To be, or not to be, that is the question:
            Whether 'tis nobler in the mind to suffer
            The slings and arrows of outrageous fortune,
            Or to take arms against a sea of troubles
            And by opposing end them. To die: to sleep;
            No more; and by a sleep to say we end
            The heart-ache and the thousand natural shocks
            That flesh is heir to.
            """;

    @TempDir
    static Path dir;
    static Path text;
    static StudioServer server;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        text = Files.writeString(dir.resolve("verse.txt"), VERSE.repeat(40));
        server = new StudioServer(Plugins.discover(StudioServerTest.class.getClassLoader()), text, Files.readString(text),
                dir.resolve("runs"), null, 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response, int status, String message) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(message, JSON.readTree(response.body()).get("error").asText());
    }

    /** The total that {@code minigpt params} prints for the same settings. */
    private static long paramsCommandTotal(String... settings) {
        List<String> args = new ArrayList<>(List.of("params", "--data", text.toString()));
        for (String setting : settings) {
            args.add("--set");
            args.add(setting);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new Main(new Console(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Map.of()))
                .run(args.toArray(String[]::new));
        assertEquals(0, code);
        Matcher total = Pattern.compile("(?m)^total +([\\d,]+)$").matcher(out.toString(StandardCharsets.UTF_8));
        assertTrue(total.find(), out.toString(StandardCharsets.UTF_8));
        return Long.parseLong(total.group(1).replace(",", ""));
    }

    @Test
    void theControlsComeFromTheSettingsDescriptors() throws Exception {
        HttpResponse<String> settings = get("/api/settings");
        assertEquals(200, settings.statusCode(), settings.body());
        Map<String, JsonNode> byName = new java.util.LinkedHashMap<>();
        JSON.readTree(settings.body()).forEach(control -> byName.put(control.get("name").asText(), control));
        assertEquals(List.of("layers", "heads", "d_model", "context_length", "dropout", "vocab_size", "steps", "batch_size", "lr"),
                List.copyOf(byName.keySet()));
        JsonNode layers = byName.get("layers");
        assertEquals("model.layers", layers.get("key").asText());
        assertEquals(4, layers.get("default").asInt(), "the gpt plugin's default");
        assertEquals(1, layers.get("min").asDouble(), "the descriptor's lower bound");
        assertEquals(24, layers.get("max").asDouble(), "the studio's own cap");
        assertEquals("tokenizer.vocab_size", byName.get("vocab_size").get("key").asText());
        assertEquals(257, byName.get("vocab_size").get("min").asDouble(), "256 bytes + 1 special token, from the BPE's descriptor");
        assertEquals(3000, byName.get("steps").get("default").asInt(), "core's train.steps default");
        assertEquals("optimizer.lr", byName.get("lr").get("key").asText());
    }

    @Test
    void paramsCountsWhatTheParamsCommandCounts() throws Exception {
        String[][] configs = {
            {"layers=4", "heads=4", "d_model=128", "context_length=64", "tokenizer=char"},
            {"layers=1", "heads=2", "d_model=32", "context_length=16", "tokenizer=byte"},
            {"layers=6", "heads=8", "d_model=256", "context_length=128", "tokenizer=char", "dropout=0"},
        };
        for (String[] config : configs) {
            String query = String.join("&", config);
            JsonNode reply = JSON.readTree(get("/api/params?" + query).body());
            String[] settings = java.util.Arrays.stream(config)
                    .map(s -> s.startsWith("tokenizer") ? s : "model." + s).toArray(String[]::new);
            assertEquals(paramsCommandTotal(settings), reply.get("total").asLong(), query);
            long sum = 0;
            for (JsonNode part : reply.get("parts")) {
                sum += part.get("count").asLong();
            }
            assertEquals(reply.get("total").asLong(), sum, "the parts add up to the total");
        }
        JsonNode seed = JSON.readTree(get("/api/params?layers=4&heads=4&d_model=128&context_length=64").body());
        assertEquals(816_384 - 2 * 58 * 128 + 2 * seed.get("vocabSize").asLong() * 128, seed.get("total").asLong(),
                "the tutorial's model with this text's vocabulary");
    }

    @Test
    void badParametersGet400WithAMessage() throws Exception {
        assertRefused(get("/api/params?layers=4&heads=3&d_model=128"), 400, "model.heads must divide model.d_model (128), was 3");
        assertRefused(get("/api/params?layers=0"), 400, "layers must be between 1 and 24, was 0");
        assertRefused(get("/api/params?layers=two"), 400, "layers must be a number, was 'two'");
        assertRefused(get("/api/params?layers=1.5"), 400, "layers must be a whole number, was 1.5");
        assertRefused(get("/api/params?depth=4"), 400,
                "unknown setting 'depth'; known: tokenizer, layers, heads, d_model, context_length, dropout, vocab_size");
        assertRefused(get("/api/params?tokenizer=words"), 400, "unknown tokenizer 'words' (key tokenizer): known tokenizers are bpe, byte, char");
        assertRefused(post("/api/train", "{\"steps\": 0}"), 400, "steps must be between 1 and 100000, was 0");
        assertRefused(post("/api/train", "not json"), 400, "the request body is not a JSON object");
        assertRefused(post("/api/train", "{\"lr\": \"" + "9".repeat(20_000) + "\"}"), 413, "the request body is larger than 16384 bytes");
        assertRefused(get("/api/generate?temperature=hot"), 400, "temperature must be a number, was 'hot'");
        assertRefused(get("/api/generate?max_tokens=5000"), 400, "max_tokens must be between 1 and 1000, was 5000");
    }

    @Test
    void servesOnlyItsOwnFilesOnLoopback() throws Exception {
        assertEquals("127.0.0.1", server.uri().getHost());
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>minigpt studio</title>"));
        assertEquals(200, get("/vendor/uPlot.iife.min.js").statusCode());
        assertEquals(200, get("/app.js").statusCode());
        assertRefused(get("/index.html/../../../../etc/passwd"), 400, "the request was refused: Bad Request");
        HttpResponse<String> raw = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "..%2f..%2fpom.xml")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, raw.statusCode(), "an encoded path separator is ambiguous: refused before any route");
        assertRefused(get("/api/params/x"), 404, "no such page: /api/params/x");
        assertRefused(post("/api/params", ""), 405, "POST is not allowed here; use GET");
    }

    @Test
    void trainsOneRunAtATimeStreamsItsPointsThenGeneratesFromIt() throws Exception {
        HttpResponse<BufferedReaderStream> events = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/train/events")).build(),
                info -> HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofInputStream(),
                        in -> new BufferedReaderStream(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))));
        String settings = "{\"layers\":1,\"heads\":2,\"d_model\":16,\"context_length\":8,\"tokenizer\":\"char\","
                + "\"steps\":30,\"batch_size\":4,\"lr\":0.003}";
        HttpResponse<String> started = post("/api/train", settings);
        assertEquals(202, started.statusCode(), started.body());
        Path run = Path.of(JSON.readTree(started.body()).get("run").asText());
        assertTrue(run.startsWith(dir.resolve("runs")));
        HttpResponse<String> second = post("/api/train", settings);
        assertEquals(409, second.statusCode(), "one training run at a time");

        List<String> seen = events.body().eventsUntil("status");
        assertTrue(seen.contains("started"), seen.toString());
        assertEquals(30, seen.stream().filter("point"::equals).count(), "log_interval 1 for 30 steps: " + seen);
        assertEquals(10, seen.stream().filter("sample"::equals).count(), "a sample at each of 10 evaluations: " + seen);
        server.awaitTraining();
        assertEquals("finished", JSON.readTree(get("/api/status").body()).get("training").asText());
        assertTrue(Files.isRegularFile(run.resolve("checkpoints/best")), "a real run directory");

        HttpResponse<String> generated = get("/api/generate?prompt=To&temperature=0&max_tokens=12");
        assertEquals(200, generated.statusCode(), generated.body());
        assertTrue(generated.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<JsonNode> texts = new ArrayList<>();
        JsonNode done = null;
        for (String frame : generated.body().split("\n\n")) {
            JsonNode data = JSON.readTree(frame.substring(frame.indexOf("data: ") + 6));
            if (frame.startsWith("event: text")) {
                texts.add(data);
            } else if (frame.startsWith("event: done")) {
                done = data;
            }
        }
        assertTrue(done != null, generated.body());
        StringBuilder streamed = new StringBuilder();
        texts.forEach(piece -> streamed.append(piece.get("text").asText()));
        assertEquals(done.get("text").asText(), streamed.toString(), "the pieces make the whole text");
        assertTrue(done.get("text").asText().startsWith("To") && done.get("text").asText().length() == 14, done.toString());
        assertTrue(texts.size() >= 12, "streamed piece by piece: " + texts.size());
        assertEquals(generated.body(), get("/api/generate?prompt=To&temperature=0&max_tokens=12").body(), "greedy is repeatable");
        assertRefused(post("/api/train/stop", ""), 409, "no training run is in progress");
        nextTokenBarsAreTheModelsDistributionBeforeAndAfterTheDials(done.get("text").asText().substring(2, 3));
    }

    private void nextTokenBarsAreTheModelsDistributionBeforeAndAfterTheDials(String greedyNext) throws Exception {
        JsonNode plain = next("prompt=To&temperature=1");
        int shown = plain.size();
        assertTrue(shown >= 10 && shown <= NextTokenEndpoint.TOP, "the most likely tokens: " + shown);
        double mass = 0;
        for (int i = 0; i < shown; i++) {
            JsonNode token = plain.get(i);
            assertEquals(token.get("before").asDouble(), token.get("after").asDouble(), 1e-9, "temperature 1 changes nothing");
            assertTrue(i == 0 || token.get("before").asDouble() <= plain.get(i - 1).get("before").asDouble(), "most likely first");
            mass += token.get("before").asDouble();
        }
        assertTrue(mass > 0.5 && mass <= 1 + 1e-9, "probabilities of a softmax: " + mass);
        assertEquals(greedyNext, plain.get(0).get("text").asText(), "greedy generation picks the tallest bar");

        JsonNode greedy = next("prompt=To&temperature=0");
        assertEquals(1.0, greedy.get(0).get("after").asDouble());
        assertEquals(0.0, greedy.get(1).get("after").asDouble());

        JsonNode topThree = next("prompt=To&temperature=1&top_k=3");
        double three = 0;
        for (int i = 0; i < 3; i++) {
            three += topThree.get(i).get("before").asDouble();
        }
        for (int i = 0; i < shown; i++) {
            double expected = i < 3 ? topThree.get(i).get("before").asDouble() / three : 0;
            assertEquals(expected, topThree.get(i).get("after").asDouble(), 1e-6, "top-k 3 renormalises the three");
        }

        JsonNode cool = next("prompt=To&temperature=0.5");
        double beforeRatio = cool.get(0).get("before").asDouble() / cool.get(1).get("before").asDouble();
        double afterRatio = cool.get(0).get("after").asDouble() / cool.get(1).get("after").asDouble();
        assertEquals(beforeRatio * beforeRatio, afterRatio, 1e-4 * afterRatio, "temperature 0.5 squares the odds");
        assertRefused(get("/api/next?prompt=To&top_p=0"), 400, "top_p must be between 0.01 and 1.0, was 0");
    }

    private static JsonNode next(String query) throws Exception {
        HttpResponse<String> response = get("/api/next?" + query);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("tokens");
    }

    @Test
    void stopEndsARunWithACheckpoint() throws Exception {
        server.awaitTraining();
        HttpResponse<String> started = post("/api/train", "{\"layers\":1,\"heads\":2,\"d_model\":16,\"context_length\":8,"
                + "\"steps\":100000,\"batch_size\":2}");
        assertEquals(202, started.statusCode(), started.body());
        Path run = Path.of(JSON.readTree(started.body()).get("run").asText());
        HttpResponse<BufferedReaderStream> events = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/train/events")).build(),
                info -> HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofInputStream(),
                        in -> new BufferedReaderStream(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))));
        events.body().eventsUntil("point");
        assertEquals(202, post("/api/train/stop", "").statusCode());
        List<String> rest = events.body().eventsUntil("status");
        assertEquals("status", rest.get(rest.size() - 1));
        server.awaitTraining();
        assertEquals("stopped", JSON.readTree(get("/api/status").body()).get("training").asText());
        assertTrue(Files.isDirectory(run.resolve("checkpoints")), "the stopped run saved a checkpoint");
    }

    /** Reads server-sent events off an open stream. */
    record BufferedReaderStream(BufferedReader reader) {
        List<String> eventsUntil(String last) throws Exception {
            List<String> names = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("event: ")) {
                    names.add(line.substring(7));
                    if (line.substring(7).equals(last)) {
                        return names;
                    }
                }
            }
            return names;
        }
    }

    @Test
    void aPageOfAnotherOriginOrHostCannotUseTheStudio() throws Exception {
        String settings = "{\"layers\":1,\"heads\":2,\"d_model\":16,\"context_length\":8,\"steps\":5}";
        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/train"))
                .header("Origin", "http://evil.example").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(settings)).build(), HttpResponse.BodyHandlers.ofString());
        assertRefused(foreign, 403, "requests from another origin (http://evil.example) are refused; start the server with"
                + " --allow-origin http://evil.example to let its pages in");
        HttpResponse<String> foreignStream = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/train/events"))
                .header("Origin", "http://localhost:3000").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, foreignStream.statusCode(), "another page may not hold the studio's event streams");
        HttpResponse<String> plainText = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/train"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(settings)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(plainText, 415, "send the request body as JSON, with Content-Type: application/json");
        assertTrue(!JSON.readTree(get("/api/status").body()).get("training").asText().equals("running"), "neither started a run");
        String reply = RawHttp.get(server.uri(), "/api/status", "evil.example");
        assertTrue(reply.startsWith("HTTP/1.1 403"), reply);
        assertTrue(reply.contains("the Host header 'evil.example' does not name this server"), reply);
        assertTrue(RawHttp.get(server.uri(), "/api/status", "localhost:" + server.uri().getPort()).startsWith("HTTP/1.1 200"));
    }

    @Test
    @Timeout(180)
    void slowClientsAndHeldEventStreamsDoNotStopThePage() throws Exception {
        List<InputStream> streams = new ArrayList<>();
        try (SlowClients attack = SlowClients.attack(server.uri(), "/api/train", 40)) {
            for (int i = 0; i < 32; i++) {
                HttpResponse<InputStream> events = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/train/events"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, events.statusCode());
                streams.add(events.body());
            }
            for (long end = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < end;) {
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(server.uri()).timeout(Duration.ofSeconds(20)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, page.statusCode());
                assertTrue(page.body().contains("<html"), page.body());
                assertEquals(200, http.send(HttpRequest.newBuilder(server.uri().resolve("/api/status"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
                Thread.sleep(1000);
            }
        } finally {
            for (InputStream stream : streams) {
                stream.close();
            }
        }
    }
}
