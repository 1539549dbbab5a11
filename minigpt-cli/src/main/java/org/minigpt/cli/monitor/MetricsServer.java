package org.minigpt.cli.monitor;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.minigpt.api.MinigptException;

/** Serves the registry's meters at {@code http://127.0.0.1:PORT/metrics} for Prometheus to scrape. */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;

    public MetricsServer(PrometheusMeterRegistry registry, int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new MinigptException("cannot serve metrics on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "); pick another --metrics-port");
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
