package org.minigpt.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.minigpt.api.MinigptException;

@Timeout(120)
class WebServerTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<String> responses = new CopyOnWriteArrayList<>();

    private WebServer server(WebServer.Limits limits) throws Exception {
        return WebServer.on(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "web-test")
                .route("GET", "/health", exchange -> exchange.sendJson(200, Map.of("status", "ok")))
                .route("POST", "/echo", exchange -> exchange.send(200, "application/json", exchange.body(100)))
                .route("GET", "/bad", exchange -> {
                    throw new MinigptException("no such setting: x");
                })
                .route("GET", "/broken", exchange -> {
                    throw new IllegalStateException("a bug");
                })
                .route("GET", "/events", exchange -> {
                    EventStream stream = exchange.events();
                    for (int i = 0; i < 3; i++) {
                        stream.event("tick", Map.of("i", i));
                    }
                    stream.dataText("[DONE]");
                })
                .errors(error -> Map.of("error", Map.of("message", error.getMessage())))
                .listener((route, status) -> responses.add(route + " " + status))
                .limits(limits).start();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder post(URI server, String body) {
        return HttpRequest.newBuilder(server.resolve("/echo")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void routesByPathAndMethodAndReportsEveryFailureAsJson() throws Exception {
        try (WebServer server = server(WebServer.Limits.defaults())) {
            assertEquals(200, send(HttpRequest.newBuilder(server.uri().resolve("/health"))).statusCode());
            HttpResponse<String> missing = send(HttpRequest.newBuilder(server.uri().resolve("/nowhere")));
            assertEquals(404, missing.statusCode());
            assertEquals("{\"error\":{\"message\":\"no such endpoint: /nowhere\"}}", missing.body());
            HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(server.uri().resolve("/health"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertEquals(405, wrongMethod.statusCode());
            assertEquals("GET", wrongMethod.headers().firstValue("Allow").orElse(""));
            HttpResponse<String> bad = send(HttpRequest.newBuilder(server.uri().resolve("/bad")));
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("no such setting: x"), bad.body());
            HttpResponse<String> broken = send(HttpRequest.newBuilder(server.uri().resolve("/broken")));
            assertEquals(500, broken.statusCode());
            assertTrue(broken.body().contains("internal error") && !broken.body().contains("\tat "), broken.body());
            assertEquals("{\"a\":1}", send(post(server.uri(), "{\"a\":1}")).body());
            assertEquals(413, send(post(server.uri(), "{\"a\":\"" + "x".repeat(200) + "\"}")).statusCode());
            assertTrue(responses.containsAll(List.of("/health 200", "other 404", "/health 405", "/bad 400", "/broken 500",
                    "/echo 200", "/echo 413")), responses.toString());
        }
    }

    @Test
    void eventStreamsSendNamedEventsAndDataFrames() throws Exception {
        try (WebServer server = server(WebServer.Limits.defaults())) {
            HttpResponse<String> events = send(HttpRequest.newBuilder(server.uri().resolve("/events")));
            assertEquals(200, events.statusCode());
            assertEquals("text/event-stream; charset=utf-8", events.headers().firstValue("Content-Type").orElse(""));
            assertEquals("event: tick\ndata: {\"i\":0}\n\nevent: tick\ndata: {\"i\":1}\n\nevent: tick\ndata: {\"i\":2}\n\n"
                    + "data: [DONE]\n\n", events.body());
        }
    }

    @Test
    void aBodyHeldBackPastItsDeadlineGets408AndTheConnectionCloses() throws Exception {
        try (WebServer server = server(new WebServer.Limits(64, Duration.ofSeconds(30), Duration.ofSeconds(1)));
                Socket socket = new Socket(server.uri().getHost(), server.uri().getPort())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 50\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String reply = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 408", reply);
            in.readAllBytes(); // ends: the server closed the connection
        }
    }

    @Test
    void slowClientsHoldingEveryKindOfConnectionDoNotStopOthers() throws Exception {
        try (WebServer server = server(new WebServer.Limits(256, Duration.ofSeconds(30), Duration.ofSeconds(3)));
                SlowClients attack = SlowClients.attack(server.uri(), "/echo", 60)) {
            for (int i = 0; i < 10; i++) {
                assertEquals(200, send(HttpRequest.newBuilder(server.uri().resolve("/health"))).statusCode());
                assertEquals("{}", send(post(server.uri(), "{}")).body());
                Thread.sleep(500);
            }
        }
    }
}
