package org.minigpt.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The checks a request to a local server passes before its endpoint sees it, so that a web page open in the
 * user's browser cannot use the server: its {@code Host} must name the server (against DNS rebinding); a request
 * from a web page must come from the server's own origin or one the user allowed ({@code --allow-origin}); a
 * request that changes state must carry JSON (a cross-site form cannot); and, when the server has an API key, it
 * must present it (a browser's preflight, which never carries it, excepted).
 */
public final class RequestGuard {
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1", "[::1]");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final InetAddress bound;
    private final byte[] apiKey;
    private final Set<String> openPaths;
    private final Set<String> allowedOrigins;

    /** Why a request is refused: the HTTP status and a one-line message. */
    public record Refusal(int status, String message) {
    }

    /**
     * @param apiKey the key requests must present as {@code Authorization: Bearer KEY}; empty for none
     * @param openPaths paths anyone on an allowed host may ask for without the key (e.g. {@code /health})
     * @param allowedOrigins other origins whose pages may use the server, e.g. {@code http://localhost:3000}
     */
    public RequestGuard(InetSocketAddress bound, Optional<String> apiKey, Set<String> openPaths, Set<String> allowedOrigins) {
        this.bound = bound.getAddress();
        this.apiKey = apiKey.map(key -> key.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.openPaths = Set.copyOf(openPaths);
        this.allowedOrigins = allowedOrigins.stream().map(origin -> origin.toLowerCase(Locale.ROOT)).collect(
                Collectors.toUnmodifiableSet());
    }

    public Optional<Refusal> check(Exchange exchange) {
        String host = exchange.header("Host").orElse(null);
        if (host == null || !allowedHost(hostName(host))) {
            return Optional.of(new Refusal(403, "the Host header '" + host + "' does not name this server; use its address,"
                    + " e.g. 127.0.0.1"));
        }
        Optional<String> origin = exchange.header("Origin");
        if (origin.isPresent() && !allowedOrigin(origin.get(), host)) {
            return Optional.of(new Refusal(403, "requests from another origin (" + origin.get() + ") are refused; start the"
                    + " server with --allow-origin " + origin.get() + " to let its pages in"));
        }
        String method = exchange.method().toUpperCase(Locale.ROOT);
        if (!SAFE_METHODS.contains(method)) {
            String type = exchange.header("Content-Type").orElse(null);
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                return Optional.of(new Refusal(415, "send the request body as JSON, with Content-Type: application/json"));
            }
        }
        if (apiKey != null && !method.equals("OPTIONS") && !openPaths.contains(exchange.path()) && !presentsKey(exchange)) {
            return Optional.of(new Refusal(401, "missing or wrong API key; send it as Authorization: Bearer KEY"));
        }
        return Optional.empty();
    }

    /** Constant time in the key's content, so its bytes cannot be guessed one at a time from reply times. */
    private boolean presentsKey(Exchange exchange) {
        String header = exchange.header("Authorization").orElse(null);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(apiKey, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    /** The server's own pages (the origin the Host names) and the origins the user named. */
    private boolean allowedOrigin(String origin, String host) {
        String lower = origin.toLowerCase(Locale.ROOT);
        return lower.equals("http://" + host.strip().toLowerCase(Locale.ROOT)) || allowedOrigins.contains(lower);
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
