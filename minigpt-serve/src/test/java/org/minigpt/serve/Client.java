package org.minigpt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Requests to a test server with the JDK's HTTP client, and its replies read as JSON. */
final class Client {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Client() {
    }

    static HttpResponse<String> post(URI server, String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(URI server, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** The {@code data:} payloads of a server-sent event stream, {@code [DONE]} included. */
    static List<String> events(String body) {
        List<String> events = new ArrayList<>();
        for (String frame : body.split("\n\n")) {
            if (frame.startsWith("data: ")) {
                events.add(frame.substring(6));
            }
        }
        return events;
    }

    /** The text a stream's chunks carry, chat deltas or completion texts, in order. */
    static String streamedText(String body) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String event : events(body)) {
            if (event.equals("[DONE]")) {
                continue;
            }
            for (JsonNode choice : JSON.readTree(event).path("choices")) {
                JsonNode piece = choice.has("delta") ? choice.path("delta").path("content") : choice.path("text");
                text.append(piece.asText(""));
            }
        }
        return text.toString();
    }
}
