package org.minigpt.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many clients at once, on loopback, each loop bounded: outcomes, never timings. */
class LoadTest {
    private static String request(long seed, int maxTokens, boolean stream) {
        return "{\"model\": \"base\", \"prompt\": \"ROMEO:\", \"max_tokens\": " + maxTokens + ", \"seed\": " + seed
                + ", \"temperature\": 1.0, \"stream\": " + stream + "}";
    }

    @Test
    void thirtyTwoStreamingClientsSixteenDecodingAtOnceGetEachTheirOwnSeedsTextAsSentAlone() throws Exception {
        int clients = 32;
        int requests = 8;
        try (ApiServer server = TestRuns.server(16, clients, Optional.empty())) {
            URI uri = server.uri();
            Map<Long, String> expected = new ConcurrentHashMap<>();
            for (long seed = 0; seed < clients * requests; seed++) {
                expected.put(seed, Client.json(Client.post(uri, "/v1/completions", request(seed, 24, false)))
                        .get("choices").get(0).get("text").asText());
            }
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<String>>> results = new ArrayList<>();
                for (int client = 0; client < clients; client++) {
                    long first = (long) client * requests;
                    results.add(pool.submit(() -> {
                        start.await();
                        List<String> problems = new ArrayList<>();
                        for (long seed = first; seed < first + requests; seed++) {
                            HttpResponse<String> response = Client.post(uri, "/v1/completions", request(seed, 24, true));
                            if (response.statusCode() != 200) {
                                problems.add(seed + ": status " + response.statusCode() + " " + response.body());
                            } else if (!Client.streamedText(response.body()).equals(expected.get(seed))) {
                                problems.add(seed + ": streamed '" + Client.streamedText(response.body()) + "', expected '"
                                        + expected.get(seed) + "'");
                            } else if (!response.body().endsWith("data: [DONE]\n\n")) {
                                problems.add(seed + ": no [DONE]");
                            }
                        }
                        return problems;
                    }));
                }
                start.countDown();
                List<String> problems = new ArrayList<>();
                for (Future<List<String>> result : results) {
                    problems.addAll(result.get(5, TimeUnit.MINUTES));
                }
                assertEquals(List.of(), problems);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, server.sequences());
        }
    }

    @Test
    void pastTheSlotsAndTheQueueRequestsGet429AndEveryAcceptedOneCompletes() throws Exception {
        int clients = 64;
        try (ApiServer server = TestRuns.server(2, 8, Optional.empty())) {
            URI uri = server.uri();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> results = new ArrayList<>();
                for (int client = 0; client < clients; client++) {
                    long seed = client;
                    results.add(pool.submit(() -> {
                        start.await();
                        return Client.post(uri, "/v1/completions", request(seed, 256, true));
                    }));
                }
                start.countDown();
                int accepted = 0;
                int refused = 0;
                for (Future<HttpResponse<String>> result : results) {
                    HttpResponse<String> response = result.get(5, TimeUnit.MINUTES);
                    if (response.statusCode() == 429) {
                        refused++;
                        assertEquals("1", response.headers().firstValue("Retry-After").orElse(""));
                        assertEquals("rate_limit_error", Client.json(response).get("error").get("type").asText());
                    } else {
                        accepted++;
                        assertEquals(200, response.statusCode(), response.body());
                        assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());
                        assertEquals(256, Client.streamedText(response.body()).length());
                    }
                }
                assertEquals(clients, accepted + refused);
                assertTrue(refused > 0, "more clients than slots and queue: some are turned away");
                assertTrue(accepted >= 10, "the two slots and eight places in the queue are used: " + accepted);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void clientsThatLeaveMidStreamFreeTheirSequences() throws Exception {
        try (ApiServer server = TestRuns.server(2, 4, Optional.empty())) {
            URI uri = server.uri();
            for (int client = 0; client < 4; client++) {
                try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                    socket.setSoTimeout(30_000);
                    byte[] body = request(client, 256, true).getBytes(StandardCharsets.UTF_8);
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1:" + uri.getPort() + "\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                    InputStream in = socket.getInputStream();
                    String seen = "";
                    while (!seen.contains("data: ")) {
                        seen += (char) in.read();
                    }
                } // the client leaves with most of its 256 tokens still to come
            }
            for (int wait = 0; wait < 200 && server.sequences() > 0; wait++) {
                Thread.sleep(50);
            }
            assertEquals(0, server.sequences(), "every sequence is released");
            String metrics = "";
            for (int wait = 0; wait < 200 && !metrics.contains("status=\"499\"} 4.0"); wait++) {
                Thread.sleep(50);
                metrics = Client.get(uri, "/metrics").body();
            }
            assertTrue(metrics.contains("minigpt_requests_total{endpoint=\"/v1/completions\",status=\"499\"} 4.0"),
                    "the four clients that left are counted as 499");
            assertEquals(200, Client.post(uri, "/v1/completions", request(1, 4, false)).statusCode());
        }
    }
}
