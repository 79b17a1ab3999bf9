package io.tokengate.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A feature whose paths answer HTML, not problem+json (the hosted checkout): renders the error
 * page for a request the container or the security firewall refused before any controller ran.
 */
public interface ErrorPages {

    /** Whether {@code path} (the raw request URI) belongs to this feature's pages. */
    boolean handles(String path);

    /** Writes a complete HTML error page for {@code status}; never a stack trace, never request data. */
    void render(HttpServletRequest request, HttpServletResponse response, int status) throws IOException;
}
