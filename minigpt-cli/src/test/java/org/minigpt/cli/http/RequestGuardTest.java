package org.minigpt.cli.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestGuardTest {
    /** A server on loopback whose one endpoint answers 200 "ok" behind the guard. */
    private static HttpServer server(Optional<String> key, InetAddress address) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        RequestGuard guard = new RequestGuard(server.getAddress(), key, Set.of("/open"));
        for (String path : new String[] {"/", "/open"}) {
            server.createContext(path, exchange -> {
                byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            }).getFilters().add(guard.filter((exchange, refusal) -> {
                try {
                    byte[] body = refusal.message().getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(refusal.status(), body.length);
                    exchange.getResponseBody().write(body);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        server.start();
        return server;
    }

    private static URI uri(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Test
    void onlyTheServersOwnAndLoopbackNamesMayBeTheHost() throws Exception {
        HttpServer server = server(Optional.empty(), InetAddress.getLoopbackAddress());
        try {
            int port = server.getAddress().getPort();
            for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port, "127.0.0.1"}) {
                assertTrue(RawHttp.get(uri(server), "/", host).startsWith("HTTP/1.1 200"), host);
            }
            for (String host : new String[] {"evil.example", "evil.example:" + port, "127.0.0.1.evil.example", "[::2]:" + port, ""}) {
                String reply = RawHttp.get(uri(server), "/", host);
                assertTrue(reply.startsWith("HTTP/1.1 403") || reply.startsWith("HTTP/1.1 400"), host + ": " + reply);
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void listeningOnEveryAddressTheKeyAloneKeepsOthersOut() throws Exception {
        HttpServer server = server(Optional.of("k"), InetAddress.getByName("0.0.0.0"));
        try {
            assertTrue(RawHttp.get(uri(server), "/", "any.name.example").startsWith("HTTP/1.1 401"), "a name passes, the key does not");
            assertTrue(RawHttp.get(uri(server), "/open", "any.name.example").startsWith("HTTP/1.1 200"), "an open path needs no key");
        } finally {
            server.stop(0);
        }
    }
}
