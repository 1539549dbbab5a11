package org.minigpt.cli.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The checks a request to a local server passes before its endpoint sees it, so that a web page open in the
 * user's browser cannot use the server: its {@code Host} must name the server (against DNS rebinding); a request
 * that changes state must come from no other origin and carry JSON (against cross-site requests, which cannot
 * send JSON without the browser asking first); and, when the server has an API key, it must present it.
 */
public final class RequestGuard {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1", "[::1]");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final InetAddress bound;
    private final byte[] apiKey;
    private final Set<String> openPaths;

    /** Why a request is refused: the HTTP status and a one-line message. */
    public record Refusal(int status, String message) {
    }

    /**
     * @param apiKey the key requests must present as {@code Authorization: Bearer KEY}; empty for none
     * @param openPaths paths anyone on an allowed host may ask for without the key (e.g. {@code /health})
     */
    public RequestGuard(InetSocketAddress bound, Optional<String> apiKey, Set<String> openPaths) {
        this.bound = bound.getAddress();
        this.apiKey = apiKey.map(key -> key.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.openPaths = Set.copyOf(openPaths);
    }

    /** A filter for every context of a server: a refused request gets {@code refuse}'s reply and reaches no endpoint. */
    public Filter filter(BiConsumer<HttpExchange, Refusal> refuse) {
        return new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                Optional<Refusal> refusal = check(exchange);
                if (refusal.isPresent()) {
                    try {
                        refuse.accept(exchange, refusal.get());
                    } finally {
                        exchange.close();
                    }
                } else {
                    chain.doFilter(exchange);
                }
            }

            @Override
            public String description() {
                return "minigpt request guard";
            }
        };
    }

    public Optional<Refusal> check(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || !allowedHost(hostName(host))) {
            return Optional.of(new Refusal(403, "the Host header '" + host + "' does not name this server; use its address,"
                    + " e.g. 127.0.0.1"));
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        if (!SAFE_METHODS.contains(method)) {
            String origin = exchange.getRequestHeaders().getFirst("Origin");
            if (origin != null && !allowedOrigin(origin)) {
                return Optional.of(new Refusal(403, "requests from another origin (" + origin + ") are refused"));
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                return Optional.of(new Refusal(415, "send the request body as JSON, with Content-Type: application/json"));
            }
        }
        if (apiKey != null && !openPaths.contains(exchange.getRequestURI().getPath()) && !presentsKey(exchange)) {
            return Optional.of(new Refusal(401, "missing or wrong API key; send it as Authorization: Bearer KEY"));
        }
        return Optional.empty();
    }

    /** Constant time in the key's content, so its bytes cannot be guessed one at a time from reply times. */
    private boolean presentsKey(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(apiKey, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    private boolean allowedOrigin(String origin) {
        try {
            URI uri = URI.create(origin);
            return uri.getHost() != null && allowedHost(uri.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean allowedHost(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (LOOPBACK_NAMES.contains(lower)) {
            return true;
        }
        if (bound.isAnyLocalAddress()) {
            return apiKey != null; // listening on every address: the key, not the name, keeps others out
        }
        String literal = bound.getHostAddress();
        return lower.equals(literal) || lower.equals("[" + literal + "]");
    }

    /** {@code host[:port]} or {@code [v6]:port} without the port. */
    private static String hostName(String header) {
        String host = header.strip();
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close < 0 ? host : host.substring(0, close + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
