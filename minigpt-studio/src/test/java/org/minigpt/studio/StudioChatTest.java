package org.minigpt.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.cli.Console;
import org.minigpt.cli.Main;

/** The chat panel's endpoint, on a studio opened on an instruction-tuned run and on a base run. */
class StudioChatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static Path text;
    static StudioServer tunedStudio;
    static StudioServer baseStudio;

    @BeforeAll
    static void trainAndTuneATinyRun() throws Exception {
        text = Files.writeString(dir.resolve("verse.txt"), "To be, or not to be? That is the question.\n".repeat(100));
        Path chat = dir.resolve("chat.jsonl");
        Files.writeString(chat, "{\"messages\": [{\"role\": \"user\", \"content\": \"To be?\"}, {\"role\": \"assistant\", \"content\": \"or not\"}]}\n"
                .repeat(20));
        String[] small = {"--set", "model.layers=1", "--set", "model.heads=2", "--set", "model.d_model=16", "--set",
            "model.context_length=16", "--set", "train.batch_size=4", "--set", "train.eval_batches=1"};
        cli(concat(new String[] {"train", "--data", text.toString(), "--run", dir.resolve("base").toString(), "--set", "train.steps=5"},
                small));
        cli("train", "--init-from", dir.resolve("base").toString(), "--data", chat.toString(), "--run", dir.resolve("tuned").toString(),
                "--set", "train.steps=30", "--set", "train.batch_size=4", "--set", "train.eval_batches=1", "--set", "optimizer.lr=0.01");
        Plugins plugins = Plugins.discover(StudioChatTest.class.getClassLoader());
        tunedStudio = new StudioServer(plugins, text, Files.readString(text), dir.resolve("runs"), dir.resolve("tuned"), 0);
        baseStudio = new StudioServer(plugins, text, Files.readString(text), dir.resolve("runs2"), dir.resolve("base"), 0);
    }

    @AfterAll
    static void stop() {
        tunedStudio.close();
        baseStudio.close();
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    private static void cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new Main(new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true,
                StandardCharsets.UTF_8), Map.of())).run(args);
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(StudioServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String chatQuery(String messages) {
        return "/api/chat?temperature=0&max_tokens=12&messages=" + URLEncoder.encode(messages, StandardCharsets.UTF_8);
    }

    @Test
    void anInstructionTunedRunAnswersInStreamedPiecesThatMakeTheReply() throws Exception {
        assertTrue(JSON.readTree(get(tunedStudio, "/api/status").body()).get("chat").asBoolean());
        HttpResponse<String> reply = get(tunedStudio, chatQuery("[{\"role\":\"user\",\"content\":\"To be?\"}]"));
        assertEquals(200, reply.statusCode(), reply.body());
        StringBuilder streamed = new StringBuilder();
        JsonNode done = null;
        for (String frame : reply.body().split("\n\n")) {
            JsonNode data = JSON.readTree(frame.substring(frame.indexOf("data: ") + 6));
            if (frame.startsWith("event: text")) {
                streamed.append(data.get("text").asText());
            } else if (frame.startsWith("event: done")) {
                done = data;
            }
        }
        assertTrue(done != null, reply.body());
        assertEquals(done.get("text").asText(), streamed.toString());
        assertEquals("or not", done.get("text").asText(), "it learnt its one answer: " + done);
        assertTrue(done.get("ended").asBoolean(), "and closed it with <|end|>");
        assertEquals(reply.body(), get(tunedStudio, chatQuery("[{\"role\":\"user\",\"content\":\"To be?\"}]")).body(),
                "greedy is repeatable");
    }

    @Test
    void aDeveloperMessageIsTheSystemMessageAndOldTurnsMakeRoomForTheNew() throws Exception {
        HttpResponse<String> reply = get(tunedStudio, chatQuery("[{\"role\":\"developer\",\"content\":\"be\"},"
                + "{\"role\":\"user\",\"content\":\"To be?\"},{\"role\":\"assistant\",\"content\":\"or not\"},"
                + "{\"role\":\"user\",\"content\":\"To be?\"}]"));
        assertEquals(200, reply.statusCode(), reply.body());
        assertTrue(reply.body().contains("event: done"), reply.body());
        assertTrue(reply.body().contains("\"dropped\":2"), "the first exchange made room in a 16-token window: " + reply.body());
    }

    @Test
    void badConversationsAndBaseRunsAreRefusedWithAMessage() throws Exception {
        assertRefused(get(tunedStudio, chatQuery("not json")), 400, "messages must be a JSON list of {\"role\", \"content\"}");
        assertRefused(get(tunedStudio, chatQuery("[{\"role\":\"robot\",\"content\":\"x\"}]")), 400,
                "each message needs a role of system (or developer), user or assistant");
        String tooLong = "To be, or not to be? ".repeat(3);
        assertRefused(get(tunedStudio, chatQuery("[{\"role\":\"user\",\"content\":\"" + tooLong + "\"}]")), 400,
                "the message takes ");
        assertTrue(get(tunedStudio, chatQuery("[{\"role\":\"user\",\"content\":\"" + tooLong + "\"}]")).body()
                .contains("and the model sees 16 at once: no room for a reply; write a shorter one"));
        assertRefused(get(tunedStudio, chatQuery("[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\"}]")),
                400, "messages must end with the user's turn, for the model to answer");
        assertRefused(get(tunedStudio, chatQuery("[{\"role\":\"user\",\"content\":\"Zebra\"}]")), 400,
                "the char tokenizer never saw 'Z' (U+005A) in its training text");
        assertTrue(!JSON.readTree(get(baseStudio, "/api/status").body()).get("chat").asBoolean());
        HttpResponse<String> base = get(baseStudio, chatQuery("[{\"role\":\"user\",\"content\":\"To be?\"}]"));
        assertEquals(409, base.statusCode(), base.body());
        assertTrue(JSON.readTree(base.body()).get("error").asText().endsWith("is not instruction-tuned; tune it with minigpt train"
                + " --init-from RUN --data chat.jsonl and open that run"), base.body());
    }

    private static void assertRefused(HttpResponse<String> response, int status, String message) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(JSON.readTree(response.body()).get("error").asText().startsWith(message), response.body());
    }
}
