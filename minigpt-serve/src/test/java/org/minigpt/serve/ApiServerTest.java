package org.minigpt.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAI endpoints over HTTP: shapes, seeds, streams, n, stop, logprobs and usage. */
class ApiServerTest {
    static ApiServer server;
    static URI uri;

    @BeforeAll
    static void start() throws Exception {
        server = TestRuns.server(16, 8, Optional.empty());
        uri = server.uri();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return Client.json(response);
    }

    @Test
    void listsTheModelsAndAnswersHealthAndMetrics() throws Exception {
        JsonNode models = ok(Client.get(uri, "/v1/models"));
        assertEquals("list", models.get("object").asText());
        assertEquals(List.of("base", "tuned"), models.get("data").findValuesAsText("id"));
        assertEquals("model", models.get("data").get(0).get("object").asText());
        assertEquals("ok", ok(Client.get(uri, "/health")).get("status").asText());
        ok(Client.post(uri, "/v1/completions", "{\"model\": \"base\", \"prompt\": \"ROMEO:\", \"max_tokens\": 5}"));
        HttpResponse<String> notJson = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri.resolve("/v1/completions"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hi")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, notJson.statusCode(), notJson.body());
        String metrics = Client.get(uri, "/metrics").body();
        assertTrue(metrics.contains("minigpt_requests_total{endpoint=\"/v1/completions\",status=\"415\"}"), "guard refusals count");
        assertTrue(metrics.contains("# HELP minigpt_tokens_total tokens read from prompts (direction=in) and written in completions"),
                metrics);
        assertTrue(metrics.contains("minigpt_requests_total{endpoint=\"/v1/completions\",status=\"200\"}"), metrics);
        assertTrue(metrics.contains("minigpt_tokens_total{direction=\"out\"}"), metrics);
        assertTrue(metrics.contains("minigpt_time_to_first_token_seconds_bucket"), metrics);
        assertTrue(metrics.contains("minigpt_token_latency_seconds_count"), metrics);
        assertTrue(metrics.contains("minigpt_sequences_active"), metrics);
        assertTrue(metrics.contains("minigpt_batch_sequences_bucket{le=\"1.0\"}"), metrics);
        assertTrue(metrics.contains("minigpt_batch_rows_count"), metrics);
        assertTrue(metrics.contains("minigpt_kv_cache_usage"), metrics);
        assertTrue(metrics.contains("minigpt_queue_depth"), metrics);
    }

    @Test
    void aCompletionHasTheApisShapeAndASeedRepeatsIt() throws Exception {
        String request = "{\"model\": \"base\", \"prompt\": \"ROMEO:\", \"max_tokens\": 30, \"seed\": 7, \"temperature\": 0.9}";
        JsonNode reply = ok(Client.post(uri, "/v1/completions", request));
        assertTrue(reply.get("id").asText().startsWith("cmpl-"));
        assertEquals("text_completion", reply.get("object").asText());
        assertEquals("base", reply.get("model").asText());
        assertTrue(reply.get("created").asLong() > 1_600_000_000L);
        JsonNode choice = reply.get("choices").get(0);
        assertEquals(0, choice.get("index").asInt());
        assertEquals("length", choice.get("finish_reason").asText());
        assertEquals(30, choice.get("text").asText().length(), "char tokens: 30 tokens, 30 characters");
        assertEquals(6, reply.get("usage").get("prompt_tokens").asInt());
        assertEquals(30, reply.get("usage").get("completion_tokens").asInt());
        assertEquals(36, reply.get("usage").get("total_tokens").asInt());
        assertEquals(choice.get("text").asText(), ok(Client.post(uri, "/v1/completions", request))
                .get("choices").get(0).get("text").asText(), "the same seed, the same text");
    }

    @Test
    void aStreamCarriesTheSameTextAsTheWholeReplyForTheSameSeed() throws Exception {
        for (String kind : List.of("completions", "chat")) {
            boolean chat = kind.equals("chat");
            String path = chat ? "/v1/chat/completions" : "/v1/completions";
            String input = chat ? "\"model\": \"tuned\", \"messages\": [{\"role\": \"user\", \"content\": \"Who is there?\"}]"
                    : "\"model\": \"base\", \"prompt\": \"KING\"";
            String request = "{" + input + ", \"max_tokens\": 40, \"seed\": 3, \"temperature\": 1.2";
            JsonNode whole = ok(Client.post(uri, path, request + "}"));
            String text = chat ? whole.get("choices").get(0).get("message").get("content").asText()
                    : whole.get("choices").get(0).get("text").asText();
            HttpResponse<String> streamed = Client.post(uri, path, request
                    + ", \"stream\": true, \"stream_options\": {\"include_usage\": true}}");
            assertEquals(200, streamed.statusCode(), streamed.body());
            assertTrue(streamed.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            assertEquals(text, Client.streamedText(streamed.body()), kind);
            List<String> events = Client.events(streamed.body());
            assertEquals("[DONE]", events.get(events.size() - 1));
            JsonNode usage = Client.JSON.readTree(events.get(events.size() - 2));
            assertEquals(0, usage.get("choices").size());
            assertEquals(whole.get("usage"), usage.get("usage"), kind);
            JsonNode last = Client.JSON.readTree(events.get(events.size() - 3)).get("choices").get(0);
            assertEquals(whole.get("choices").get(0).get("finish_reason").asText(), last.get("finish_reason").asText());
            if (chat) {
                JsonNode first = Client.JSON.readTree(events.get(0));
                assertEquals("chat.completion.chunk", first.get("object").asText());
                assertEquals("assistant", first.get("choices").get(0).get("delta").get("role").asText());
            }
        }
    }

    @Test
    void nChoicesDifferAndEachRepeatsWithItsSeed() throws Exception {
        String request = "{\"model\": \"base\", \"prompt\": [\"ROMEO:\", \"JULIET:\"], \"n\": 3, \"max_tokens\": 20, \"seed\": 11}";
        JsonNode reply = ok(Client.post(uri, "/v1/completions", request));
        assertEquals(6, reply.get("choices").size());
        Set<String> texts = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            assertEquals(i, reply.get("choices").get(i).get("index").asInt());
            texts.add(reply.get("choices").get(i).get("text").asText());
        }
        assertTrue(texts.size() > 1, "choices are drawn apart: " + texts);
        assertEquals(reply.get("choices"), ok(Client.post(uri, "/v1/completions", request)).get("choices"));
        assertEquals(13, reply.get("usage").get("prompt_tokens").asInt());
        assertEquals(120, reply.get("usage").get("completion_tokens").asInt());
        // Choice i of a request seeded s is the one choice of the request seeded s + i: forks share only the prompt.
        for (int i = 0; i < 3; i++) {
            String single = "{\"model\": \"base\", \"prompt\": \"JULIET:\", \"max_tokens\": 20, \"seed\": " + (11 + 3 + i) + "}";
            assertEquals(reply.get("choices").get(3 + i).get("text"), ok(Client.post(uri, "/v1/completions", single))
                    .get("choices").get(0).get("text"), "choice " + (3 + i));
        }
    }

    @Test
    void aStopStringEndsTheTextBeforeIt() throws Exception {
        JsonNode free = ok(Client.post(uri, "/v1/completions", "{\"model\": \"base\", \"prompt\": \"ROMEO:\", \"max_tokens\": 60,"
                + " \"temperature\": 0}"));
        String text = free.get("choices").get(0).get("text").asText();
        String stop = text.substring(10, 12);
        JsonNode stopped = ok(Client.post(uri, "/v1/completions", "{\"model\": \"base\", \"prompt\": \"ROMEO:\", \"max_tokens\": 60,"
                + " \"temperature\": 0, \"stop\": [\"" + stop.replace("\n", "\\n") + "\", \"zzzz\"]}"));
        JsonNode choice = stopped.get("choices").get(0);
        assertEquals(text.substring(0, text.indexOf(stop)), choice.get("text").asText());
        assertEquals("stop", choice.get("finish_reason").asText());
    }

    @Test
    void logprobsAreTheModelsForEachTokenWithItsLikeliestAlternatives() throws Exception {
        JsonNode completion = ok(Client.post(uri, "/v1/completions", "{\"model\": \"base\", \"prompt\": \"ROMEO:\", \"max_tokens\": 8,"
                + " \"temperature\": 0, \"logprobs\": 3}")).get("choices").get(0);
        JsonNode logprobs = completion.get("logprobs");
        assertEquals(8, logprobs.get("tokens").size());
        assertEquals(completion.get("text").asText(), String.join("", iterate(logprobs.get("tokens"))));
        for (int i = 0; i < 8; i++) {
            double chosen = logprobs.get("token_logprobs").get(i).asDouble();
            JsonNode top = logprobs.get("top_logprobs").get(i);
            assertTrue(chosen <= 0 && top.size() <= 3 && top.size() >= 1, top.toString());
            double best = top.elements().next().asDouble();
            assertEquals(best, chosen, 1e-9, "greedy takes the likeliest token");
            assertEquals(i == 0 ? 0 : logprobs.get("text_offset").get(i - 1).asInt() + 1, logprobs.get("text_offset").get(i).asInt());
        }
        JsonNode chat = ok(Client.post(uri, "/v1/chat/completions", "{\"model\": \"tuned\", \"messages\": [{\"role\": \"user\","
                + " \"content\": \"Who is there?\"}], \"max_tokens\": 8, \"logprobs\": true, \"top_logprobs\": 2}"))
                .get("choices").get(0);
        JsonNode content = chat.get("logprobs").get("content");
        assertTrue(content.size() >= 1);
        assertEquals(2, content.get(0).get("top_logprobs").size());
        assertTrue(content.get(0).get("logprob").asDouble() <= 0);
        assertFalse(ok(Client.post(uri, "/v1/completions", "{\"model\": \"base\", \"prompt\": \"A\", \"max_tokens\": 2}"))
                .get("choices").get(0).hasNonNull("logprobs"), "none unless asked for");
    }

    private static List<String> iterate(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    @Test
    void penaltiesAndMinigptsOwnSamplersAreTakenAsExtraFields() throws Exception {
        for (String extra : List.of("\"presence_penalty\": 1.5, \"frequency_penalty\": 0.5", "\"top_k\": 5, \"min_p\": 0.05",
                "\"typical_p\": 0.9, \"repetition_penalty\": 1.3", "\"sampler\": \"mirostat\", \"sampler_settings\": {\"mirostat.tau\": 3}")) {
            JsonNode reply = ok(Client.post(uri, "/v1/completions", "{\"model\": \"base\", \"prompt\": \"ROMEO:\", \"max_tokens\": 10,"
                    + " \"seed\": 1, " + extra + ", \"user\": \"ignored\", \"echo\": false}"));
            assertEquals(10, reply.get("usage").get("completion_tokens").asInt(), extra);
        }
    }
}
