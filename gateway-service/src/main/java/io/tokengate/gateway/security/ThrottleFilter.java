package io.tokengate.gateway.security;

import io.tokengate.gateway.web.ClientAddress;
import io.tokengate.gateway.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** Refuses ops requests from an address that failed authentication too often, before checking a password. */
final class ThrottleFilter extends OncePerRequestFilter {

    private final AuthThrottle throttle;
    private final Problems problems;

    ThrottleFilter(AuthThrottle throttle, Problems problems) {
        this.throttle = throttle;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        java.util.Optional<java.time.Duration> wait = throttle.retryAfter(ClientAddress.of(request));
        if (wait.isPresent()) {
            problems.writeRateLimited(response, request,
                    "Too many failed authentications from this address; retry after Retry-After seconds.", wait.get());
            return;
        }
        chain.doFilter(request, response);
    }
}
