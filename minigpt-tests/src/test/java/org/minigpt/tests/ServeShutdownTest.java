package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/minigpt serve} as a real process: SIGTERM while eight streams generate lets each finish, then exits 0. */
class ServeShutdownTest {
    private static final Pattern SERVING = Pattern.compile("serving    (http://127\\.0\\.0\\.1:\\d+/)v1");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    @Test
    void sigtermDuringEightStreamsLetsEachCompleteAndExitsZero() throws Exception {
        Path err = dir.resolve("serve.err");
        Process server = serve(err, "--parallel", "8", "--queue", "0", "--max-tokens", "4000", "--grace", "120");
        try {
            URI uri = uri(server, err);
            List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                streams.add(HTTP.sendAsync(HttpRequest.newBuilder(uri.resolve("/v1/completions")).timeout(Duration.ofMinutes(3))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"base\","
                                + " \"prompt\": \"ROMEO:\", \"max_tokens\": 4000, \"seed\": " + i + ", \"stream\": true}")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            awaitActiveSequences(uri, 8);
            Processes.signal("TERM", server.pid());
            for (CompletableFuture<HttpResponse<String>> stream : streams) {
                HttpResponse<String> response = stream.get(3, TimeUnit.MINUTES);
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(response.body().endsWith("data: [DONE]\n\n"), "the stream completed");
                assertTrue(response.body().contains("\"finish_reason\":\"length\""), "all 4000 tokens");
            }
            assertTrue(server.waitFor(2, TimeUnit.MINUTES), "the server exits once the streams are done");
            assertEquals(0, server.exitValue(), Files.readString(err));
            assertTrue(Files.readString(err).contains("stopped    every request under way finished"), Files.readString(err));
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void pastTheGraceQueuedRequestsGet503AtOnceAndACutStreamEndsWithAnErrorAndDone() throws Exception {
        Path err = dir.resolve("serve.err");
        Process server = serve(err, "--parallel", "1", "--queue", "4", "--max-tokens", "1000000", "--grace", "2");
        try {
            URI uri = uri(server, err);
            List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
            for (int i = 0; i < 3; i++) { // one decodes, two wait for the one sequence
                requests.add(HTTP.sendAsync(HttpRequest.newBuilder(uri.resolve("/v1/completions")).timeout(Duration.ofMinutes(2))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"base\","
                                + " \"prompt\": \"ROMEO:\", \"max_tokens\": 1000000, \"seed\": " + i + ", \"stream\": true}")).build(),
                        HttpResponse.BodyHandlers.ofString()));
                awaitQueued(uri, i);
            }
            Processes.signal("TERM", server.pid());
            int refused = 0;
            int cut = 0;
            for (CompletableFuture<HttpResponse<String>> request : requests) {
                HttpResponse<String> response = request.get(2, TimeUnit.MINUTES);
                if (response.statusCode() == 503) {
                    refused++;
                    assertTrue(response.body().contains("\"code\":\"shutting_down\""), response.body());
                } else {
                    cut++;
                    assertEquals(200, response.statusCode(), response.body());
                    assertTrue(response.body().contains("data: {\"error\""), "an error event ends the cut stream: " + response.body().substring(Math.max(0, response.body().length() - 300)));
                    assertTrue(response.body().endsWith("data: [DONE]\n\n"), "then [DONE]");
                }
            }
            assertEquals(List.of(2, 1), List.of(refused, cut));
            assertTrue(server.waitFor(1, TimeUnit.MINUTES), "the server exits after the grace");
            assertEquals(0, server.exitValue(), Files.readString(err));
            assertTrue(Files.readString(err).contains("stopped    1 request still under way after 2 s cut off"), Files.readString(err));
        } finally {
            server.destroyForcibly();
        }
    }

    /** A small run trained for the test, served by {@code bin/minigpt serve} on a free port with {@code options}. */
    private Process serve(Path err, String... options) throws Exception {
        Path run = dir.resolve("base");
        CliRun trained = CliRun.of("train", "--data", TestData.shakespeareSlice(dir, 100_000).toString(), "--run", run.toString(),
                "--set", "train.steps=10", "--set", "model.layers=2", "--set", "model.d_model=64", "--set", "train.batch_size=8",
                "--set", "train.eval_batches=1");
        assertEquals(0, trained.exitCode(), trained.toString());
        List<String> args = new ArrayList<>(List.of("serve", "--run", "base=" + run, "--port", "0"));
        args.addAll(List.of(options));
        return Processes.start(err, args.toArray(String[]::new));
    }

    /** The address the server prints once it serves. */
    private static URI uri(Process server, Path err) throws Exception {
        ProcessOutput out = Processes.reader(server);
        String first = out.readLine();
        Matcher serving = SERVING.matcher(String.valueOf(first));
        assertTrue(serving.find(), first + "\n" + Files.readString(err));
        return URI.create(serving.group(1));
    }

    /** Polls the metrics, at most a minute, until {@code count} requests wait to start. */
    private static void awaitQueued(URI uri, int count) throws Exception {
        Pattern waiting = Pattern.compile("(?m)^minigpt_queue_depth\\S* (\\d+)");
        Pattern active = Pattern.compile("(?m)^minigpt_sequences_active\\S* (\\d+)");
        for (int attempt = 0; attempt < 600; attempt++) {
            String metrics = HTTP.send(HttpRequest.newBuilder(uri.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher queued = waiting.matcher(metrics);
            Matcher decoding = active.matcher(metrics);
            if (queued.find() && decoding.find() && Double.parseDouble(decoding.group(1)) >= 1
                    && Double.parseDouble(queued.group(1)) >= count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the requests never reached the server");
    }

    /** Polls the metrics, at most a minute, until {@code count} sequences decode. */
    private static void awaitActiveSequences(URI uri, int count) throws Exception {
        Pattern busy = Pattern.compile("(?m)^minigpt_sequences_active\\S* (\\d+)");
        for (int attempt = 0; attempt < 600; attempt++) {
            String metrics = HTTP.send(HttpRequest.newBuilder(uri.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = busy.matcher(metrics);
            if (matcher.find() && Integer.parseInt(matcher.group(1)) >= count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the eight streams never decoded at once");
    }
}
