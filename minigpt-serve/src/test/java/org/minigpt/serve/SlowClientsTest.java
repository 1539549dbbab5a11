package org.minigpt.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.minigpt.http.SlowClients;

/**
 * A slowloris attack (40 connections trickling their headers, 40 holding back their bodies, for 30 s) against a server
 * with a key and one without: both keep answering {@code /health} and completions all the while.
 */
@Timeout(180)
class SlowClientsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration HELD = Duration.ofSeconds(30);

    @Test
    void slowClientsDoNotStopHealthOrCompletions() throws Exception {
        try (ApiServer open = TestRuns.server(2, 4, Optional.empty());
                ApiServer keyed = TestRuns.server(2, 4, Optional.of("k"));
                SlowClients onOpen = SlowClients.attack(open.uri(), "/v1/completions", 40);
                SlowClients onKeyed = SlowClients.attack(keyed.uri(), "/v1/chat/completions", 40)) {
            int rounds = 0;
            for (long end = System.nanoTime() + HELD.toNanos(); System.nanoTime() < end; rounds++) {
                assertAnswers(open.uri(), null);
                assertAnswers(keyed.uri(), "k");
                Thread.sleep(1000);
            }
            assertTrue(rounds >= 3, "only " + rounds + " rounds in " + HELD.toSeconds() + " s");
        }
    }

    private static void assertAnswers(URI server, String key) throws Exception {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(server.resolve("/health")).timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        HttpRequest.Builder completion = HttpRequest.newBuilder(server.resolve("/v1/completions")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"base\", \"prompt\": \"ROMEO:\", \"max_tokens\": 4}"));
        if (key != null) {
            completion.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> reply = HTTP.send(completion.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode(), reply.body());
        assertEquals(4, Client.json(reply).get("usage").get("completion_tokens").asInt(), reply.body());
    }
}
