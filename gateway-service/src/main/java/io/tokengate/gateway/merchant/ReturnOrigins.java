package io.tokengate.gateway.merchant;

import io.tokengate.gateway.web.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Normalises the origins a merchant's checkout may return to: {@code https://host[:port]}, or
 * plain http on localhost for development. Paths, queries, credentials and fragments are refused,
 * so an origin can only ever mean "this site".
 */
public final class ReturnOrigins {

    static final int MAX_ORIGINS = 20;

    private ReturnOrigins() {
    }

    static List<String> normalise(List<String> origins) {
        if (origins == null) {
            return List.of();
        }
        if (origins.size() > MAX_ORIGINS) {
            throw ApiException.invalid("return_origins", "At most " + MAX_ORIGINS + " return origins are allowed.");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String origin : origins) {
            out.add(normaliseOne(origin));
        }
        return new ArrayList<>(out);
    }

    /** The origin ({@code scheme://host[:port]}) of a URL, lower-cased; null when it has none. */
    public static String originOf(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return null;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    /** Whether plain http is acceptable for this host (local development only). */
    public static boolean isLocalHost(String host) {
        return "localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    }

    private static String normaliseOne(String origin) {
        if (origin == null || origin.isBlank() || origin.length() > 255) {
            throw ApiException.invalid("return_origins", "Each return origin must be a non-empty URL origin.");
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            throw ApiException.invalid("return_origins", "'" + abbreviate(origin) + "' is not a URL origin.");
        }
        String path = uri.getRawPath();
        boolean bare = (path == null || path.isEmpty() || "/".equals(path)) && uri.getRawQuery() == null
                && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        String normalised = originOf(uri);
        if (!bare || normalised == null) {
            throw ApiException.invalid("return_origins",
                    "A return origin is scheme://host[:port] with nothing after it, e.g. https://shop.example.");
        }
        boolean https = normalised.startsWith("https://");
        if (!https && !(normalised.startsWith("http://") && isLocalHost(uri.getHost()))) {
            throw ApiException.invalid("return_origins", "Return origins must use https (http only for localhost).");
        }
        return normalised;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
