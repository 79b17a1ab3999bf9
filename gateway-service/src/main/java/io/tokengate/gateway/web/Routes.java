package io.tokengate.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;

/**
 * The route of a request as audit rows and logs may record it: the method and the path with every
 * identifier segment replaced by {@code {id}}. A raw URI can hold a token value
 * ({@code GET /v1/tokens/tok_...}), which must never reach the audit trail or a log.
 */
public final class Routes {

    private static final Pattern WORD = Pattern.compile("[a-z][a-z-]*");

    private Routes() {
    }

    public static String of(HttpServletRequest request) {
        String path = request.getRequestURI();
        StringBuilder route = new StringBuilder(request.getMethod()).append(' ');
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            route.append('/');
            String segment = segments[i];
            route.append(segment.isEmpty() || WORD.matcher(segment).matches() || segment.equals("v1") ? segment : "{id}");
        }
        if (segments.length <= 1) {
            route.append('/');
        }
        return route.toString();
    }
}
