package org.minigpt.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.minigpt.api.MinigptException;

/**
 * A local HTTP server that bad clients cannot stop, on Jetty: headers are parsed without holding a thread, a body
 * must arrive whole within {@link Limits#bodyTimeout}, a silent connection is closed after {@link Limits#idleTimeout},
 * at most {@link Limits#maxConnections} are open at once, and there is a thread for each of them, so requests that
 * stream for minutes never keep another from an answer. Every request passes the {@link RequestGuard} first; pages
 * of the origins it allows get CORS headers and preflights.
 */
public final class WebServer implements AutoCloseable {
    /** Threads beyond one a connection: Jetty's acceptor and selector, and spares. */
    private static final int SPARE_THREADS = 16;

    private final Server server;
    private final ServerConnector connector;

    /**
     * @param bodyTimeout how long a request's whole body may take to arrive
     * @param idleTimeout how long a connection may send and read nothing, also while it holds back headers or a
     *     reply it does not read
     */
    public record Limits(int maxConnections, Duration idleTimeout, Duration bodyTimeout) {
        public static Limits defaults() {
            return new Limits(256, Duration.ofSeconds(30), Duration.ofSeconds(10));
        }
    }

    /** Told of every response: its route ({@code other} for paths without one) and status, 499 for a client that left. */
    @FunctionalInterface
    public interface ResponseListener {
        void responded(String route, int status);
    }

    private WebServer(Builder builder) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(builder.limits.maxConnections() + SPARE_THREADS, 2);
        threads.setName(builder.name);
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(builder.address.getAddress().getHostAddress());
        connector.setPort(builder.address.getPort());
        connector.setIdleTimeout(builder.limits.idleTimeout().toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(builder.limits.maxConnections(), connector));
        RequestGuard guard = new RequestGuard(builder.address, builder.apiKey, builder.openPaths, builder.allowedOrigins);
        Routes routes = new Routes(Map.copyOf(builder.routes), builder.fallback, builder.errors);
        Guarded guarded = new Guarded(guard, routes, builder.errors, builder.listener, builder.limits.bodyTimeout());
        guarded.setHandler(builder.allowedOrigins.isEmpty() ? routes : crossOrigin(builder.allowedOrigins, routes));
        server.setHandler(guarded);
        server.setErrorHandler(new JsonErrors(builder.errors));
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (IOException e) {
            if (!(e.getCause() instanceof BindException)) {
                throw e;
            }
            throw new MinigptException("port " + builder.address.getPort() + " on " + builder.address.getAddress().getHostAddress()
                    + " is taken; pick another with --port N (0 picks a free one)");
        }
    }

    /** Preflights and CORS headers for the allowed origins; requests from others go on to be refused by the guard. */
    private static Handler crossOrigin(Set<String> origins, Handler next) {
        CrossOriginHandler cors = new CrossOriginHandler();
        cors.setAllowedOriginPatterns(origins.stream().map(Pattern::quote).collect(Collectors.toSet()));
        cors.setAllowedMethods(Set.of("GET", "POST", "OPTIONS"));
        cors.setAllowedHeaders(Set.of("*", "Authorization", "Content-Type"));
        cors.setAllowCredentials(false);
        cors.setPreflightMaxAge(Duration.ofMinutes(10));
        cors.setDeliverNonAllowedOriginRequests(true);
        cors.setHandler(next);
        return cors;
    }

    public static Builder on(InetSocketAddress address, String name) {
        return new Builder(address, name);
    }

    /** The address it listens on, with the port it was given when asked for port 0. */
    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    /** Where a client on this machine reaches it. */
    public URI uri() {
        InetSocketAddress address = address();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping: nothing left to do for a server that will not stop cleanly
        }
    }

    /** The routes, guard and limits of a server to start. */
    public static final class Builder {
        private final InetSocketAddress address;
        private final String name;
        private final Map<String, Route> routes = new LinkedHashMap<>();
        private Route fallback;
        private Optional<String> apiKey = Optional.empty();
        private Set<String> openPaths = Set.of();
        private Set<String> allowedOrigins = Set.of();
        private ErrorReplies errors = error -> Map.of("error", error.getMessage());
        private ResponseListener listener = (route, status) -> { };
        private Limits limits = Limits.defaults();

        private Builder(InetSocketAddress address, String name) {
            this.address = address;
            this.name = name;
        }

        /** {@code endpoint} answers {@code method} at exactly {@code path}; other methods there get 405. */
        public Builder route(String method, String path, Endpoint endpoint) {
            routes.put(path, new Route(method, endpoint));
            return this;
        }

        /** Answers {@code method} at every path without a route of its own (else 404). */
        public Builder fallback(String method, Endpoint endpoint) {
            fallback = new Route(method, endpoint);
            return this;
        }

        /** The key requests must present, except at {@code openPaths}. */
        public Builder apiKey(Optional<String> key, Set<String> openPaths) {
            this.apiKey = key;
            this.openPaths = Set.copyOf(openPaths);
            return this;
        }

        public Builder allowedOrigins(Set<String> origins) {
            this.allowedOrigins = Set.copyOf(origins);
            return this;
        }

        public Builder errors(ErrorReplies errors) {
            this.errors = errors;
            return this;
        }

        public Builder listener(ResponseListener listener) {
            this.listener = listener;
            return this;
        }

        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        /** Starts it; a port another program holds is a {@link MinigptException} saying to pick another. */
        public WebServer start() throws Exception {
            return new WebServer(this);
        }
    }

    record Route(String method, Endpoint endpoint) {
    }
}
