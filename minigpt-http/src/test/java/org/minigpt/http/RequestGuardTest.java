package org.minigpt.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RequestGuardTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A server whose endpoints answer 200 {"ok": true} behind the guard. */
    private static WebServer server(Optional<String> key, InetAddress address, Set<String> origins) throws Exception {
        Endpoint ok = exchange -> exchange.sendJson(200, Map.of("ok", true));
        return WebServer.on(new InetSocketAddress(address, 0), "guard-test").route("GET", "/", ok).route("GET", "/open", ok)
                .route("POST", "/post", exchange -> {
                    exchange.body(1000);
                    exchange.sendJson(200, Map.of("ok", true));
                })
                .apiKey(key, Set.of("/open")).allowedOrigins(origins).start();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder post(URI server, String origin) {
        HttpRequest.Builder post = HttpRequest.newBuilder(server.resolve("/post")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        return origin == null ? post : post.header("Origin", origin);
    }

    @Test
    void onlyTheServersOwnAndLoopbackNamesMayBeTheHost() throws Exception {
        try (WebServer server = server(Optional.empty(), InetAddress.getLoopbackAddress(), Set.of())) {
            int port = server.address().getPort();
            for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port, "127.0.0.1"}) {
                assertTrue(RawHttp.get(server.uri(), "/", host).startsWith("HTTP/1.1 200"), host);
            }
            for (String host : new String[] {"evil.example", "evil.example:" + port, "127.0.0.1.evil.example", "[::2]:" + port, ""}) {
                String reply = RawHttp.get(server.uri(), "/", host);
                assertTrue(reply.startsWith("HTTP/1.1 403") || reply.startsWith("HTTP/1.1 400"), host + ": " + reply);
            }
        }
    }

    @Test
    void listeningOnEveryAddressTheKeyAloneKeepsOthersOut() throws Exception {
        try (WebServer server = server(Optional.of("k"), InetAddress.getByName("0.0.0.0"), Set.of())) {
            assertTrue(RawHttp.get(server.uri(), "/", "any.name.example").startsWith("HTTP/1.1 401"), "a name passes, the key does not");
            assertTrue(RawHttp.get(server.uri(), "/open", "any.name.example").startsWith("HTTP/1.1 200"), "an open path needs no key");
        }
    }

    @Test
    void pagesOfOtherOriginsAreRefusedUnlessAllowed() throws Exception {
        try (WebServer server = server(Optional.empty(), InetAddress.getLoopbackAddress(), Set.of("http://localhost:3000"))) {
            String own = "http://127.0.0.1:" + server.address().getPort();
            assertEquals(200, send(post(server.uri(), null)).statusCode(), "no Origin: not a browser page");
            assertEquals(200, send(post(server.uri(), own)).statusCode(), "the server's own page");
            HttpResponse<String> foreign = send(post(server.uri(), "http://localhost:3001"));
            assertEquals(403, foreign.statusCode());
            assertTrue(foreign.body().contains("--allow-origin http://localhost:3001"), foreign.body());
            assertEquals(403, send(HttpRequest.newBuilder(server.uri()).header("Origin", "http://evil.example")).statusCode(),
                    "a GET from another origin too");
            HttpResponse<String> allowed = send(post(server.uri(), "http://localhost:3000"));
            assertEquals(200, allowed.statusCode());
            assertEquals("http://localhost:3000", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        }
    }

    @Test
    void preflightsAnswerAllowedOriginsAndRefuseOthers() throws Exception {
        try (WebServer server = server(Optional.of("k"), InetAddress.getLoopbackAddress(), Set.of("http://localhost:3000"))) {
            HttpResponse<String> allowed = send(preflight(server.uri(), "http://localhost:3000"));
            assertTrue(allowed.statusCode() / 100 == 2, "status " + allowed.statusCode());
            assertEquals("http://localhost:3000", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            String headers = allowed.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase();
            assertTrue(headers.contains("authorization") && headers.contains("content-type"), headers);
            assertTrue(allowed.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
            HttpResponse<String> other = send(preflight(server.uri(), "http://localhost:4000"));
            assertEquals(403, other.statusCode());
            assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
            assertEquals(401, send(post(server.uri(), "http://localhost:3000")).statusCode(), "the key is still asked for");
            assertEquals(200, send(post(server.uri(), "http://localhost:3000").header("Authorization", "Bearer k")).statusCode());
        }
    }

    private static HttpRequest.Builder preflight(URI server, String origin) {
        return HttpRequest.newBuilder(server.resolve("/post")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type");
    }
}
