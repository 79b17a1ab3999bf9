package io.tokengate.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * 503 {@code service_unavailable} for a database failure that escapes MVC: thrown by a filter
 * before any controller runs (merchant authentication looks the key up in PostgreSQL) or while
 * writing after one. The controller advice covers controllers; without this filter such a failure
 * reached the servlet container's error page as a 500. Runs right inside {@link RequestIdFilter},
 * outside Spring Security, so the problem carries the request id.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
final class DatabaseUnavailableFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);

    private final Problems problems;

    DatabaseUnavailableFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException | IOException e) {
            if (!DatabaseUnavailable.causedBy(e) || response.isCommitted()) {
                throw e;
            }
            log.warn("database unavailable on {}: {}", Routes.of(request), rootOf(e));
            problems.write(response, request, ErrorCode.SERVICE_UNAVAILABLE, null);
        }
    }

    private static String rootOf(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }
}
