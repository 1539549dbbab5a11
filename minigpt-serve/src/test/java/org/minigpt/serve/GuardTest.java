package org.minigpt.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.minigpt.http.RawHttp;

/** Who may use a server: its own host names only, no other origin's state changes, JSON bodies, and the key when it has one. */
class GuardTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String REQUEST = "{\"model\": \"base\", \"prompt\": \"Hi\", \"max_tokens\": 2}";

    private static HttpResponse<String> post(URI uri, String type, String origin, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri.resolve("/v1/completions")).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(REQUEST));
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response, int status, String message) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(message, Client.json(response).get("error").get("message").asText());
    }

    @Test
    void aForeignHostOriginOrBodyTypeIsRefused() throws Exception {
        try (ApiServer server = TestRuns.server(1, 1, Optional.empty())) {
            URI uri = server.uri();
            String rebinding = RawHttp.get(uri, "/v1/models", "evil.example:" + uri.getPort());
            assertTrue(rebinding.startsWith("HTTP/1.1 403"), rebinding);
            assertTrue(rebinding.contains("the Host header 'evil.example:" + uri.getPort() + "' does not name this server"), rebinding);
            assertTrue(RawHttp.get(uri, "/v1/models", "localhost:" + uri.getPort()).startsWith("HTTP/1.1 200"));
            assertTrue(RawHttp.get(uri, "/v1/models", "[::1]:" + uri.getPort()).startsWith("HTTP/1.1 200"));
            assertRefused(post(uri, "application/json", "http://evil.example", null), 403,
                    "requests from another origin (http://evil.example) are refused; start the server with --allow-origin"
                    + " http://evil.example to let its pages in");
            assertEquals(403, post(uri, "application/json", "http://localhost:3000", null).statusCode(),
                    "another port on this machine is another origin");
            assertRefused(post(uri, "text/plain", null, null), 415, "send the request body as JSON, with Content-Type: application/json");
            assertEquals(200, post(uri, "application/json", "http://127.0.0.1:" + uri.getPort(), null).statusCode());
            assertEquals(200, post(uri, "application/json; charset=utf-8", null, null).statusCode());
        }
    }

    @Test
    void pagesOfAnOriginAllowedByOptionGetPreflightsAndCorsHeaders() throws Exception {
        try (ApiServer server = TestRuns.server(1, 1, Optional.of("k"), Set.of("http://localhost:3000"))) {
            URI uri = server.uri();
            HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(uri.resolve("/v1/chat/completions"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://localhost:3000")
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization,content-type,x-stainless-os").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(2, preflight.statusCode() / 100, "preflight status " + preflight.statusCode());
            assertEquals("http://localhost:3000", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            HttpResponse<String> reply = post(uri, "application/json", "http://localhost:3000", "k");
            assertEquals(200, reply.statusCode(), reply.body());
            assertEquals("http://localhost:3000", reply.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(uri.resolve("/v1/chat/completions"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://localhost:3001")
                    .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, other.statusCode());
            assertEquals("invalid_request_error", Client.json(other).get("error").get("type").asText());
        }
    }

    @Test
    void aServerWithAKeyAnswersOnlyRequestsThatPresentIt() throws Exception {
        try (ApiServer server = TestRuns.server(1, 1, Optional.of("s3cret"))) {
            URI uri = server.uri();
            assertRefused(post(uri, "application/json", null, null), 401, "missing or wrong API key; send it as Authorization: Bearer KEY");
            assertEquals("authentication_error", Client.json(post(uri, "application/json", null, "s3cre")).get("error").get("type").asText());
            assertEquals(401, post(uri, "application/json", null, "s3cret!").statusCode());
            assertEquals(200, post(uri, "application/json", null, "s3cret").statusCode());
            assertEquals(200, Client.get(uri, "/health").statusCode(), "health needs no key");
            assertEquals(401, Client.get(uri, "/v1/models").statusCode());
        }
    }

    @Test
    void anAddressOtherMachinesReachNeedsAKeyToStart() {
        String out = runServe("--run", "x", "--host", "0.0.0.0");
        assertEquals("minigpt: --host 0.0.0.0 would let other machines use the server without a key; give one with --api-key KEY"
                + " (or $MINIGPT_API_KEY), or keep the default 127.0.0.1\n", out);
    }

    private static String runServe(String... args) {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stream = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = new org.minigpt.cli.Main(new org.minigpt.cli.Console(stream, stream, java.util.Map.of())).run(all);
        assertEquals(2, code);
        return err.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
