package org.minigpt.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.minigpt.api.MinigptException;

/** The origins named with {@code --allow-origin}, checked to be origins as browsers send them. */
public final class AllowedOrigins {
    private AllowedOrigins() {
    }

    /** {@code values} as origins ({@code scheme://host[:port]}, nothing after); none for null. */
    public static Set<String> of(String[] values) {
        Set<String> origins = new LinkedHashSet<>();
        for (String value : values == null ? new String[0] : values) {
            origins.add(origin(value.strip()));
        }
        return Set.copyOf(origins);
    }

    private static String origin(String value) {
        try {
            URI uri = new URI(value);
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (web && uri.getHost() != null && uri.getRawPath().isEmpty() && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                return value.toLowerCase(Locale.ROOT);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new MinigptException("--allow-origin " + value + " is not an origin; give a page's scheme, host and port,"
                + " e.g. http://localhost:3000");
    }
}
