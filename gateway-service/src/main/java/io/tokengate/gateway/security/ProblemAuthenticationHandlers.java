package io.tokengate.gateway.security;

import io.tokengate.gateway.web.ClientAddress;
import io.tokengate.gateway.web.DatabaseUnavailable;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers refused ops requests with problem+json. No {@code WWW-Authenticate: Basic} challenge
 * is sent, so browsers never pop a login dialog for the API; a wrong password counts toward the
 * per-address throttle.
 */
final class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final Problems problems;
    private final AuthThrottle throttle;

    ProblemAuthenticationHandlers(Problems problems, AuthThrottle throttle) {
        this.problems = problems;
        this.throttle = throttle;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof InternalAuthenticationServiceException && DatabaseUnavailable.causedBy(e)) {
            // The ops user could not be looked up: not a wrong password, so nothing is counted.
            problems.write(response, request, ErrorCode.SERVICE_UNAVAILABLE, null);
            return;
        }
        if (request.getHeader("Authorization") != null) {
            throttle.recordFailure(ClientAddress.of(request), "ops", "bad_credentials");
        }
        problems.write(response, request, ErrorCode.AUTHENTICATION_REQUIRED,
                "Ops endpoints need ops credentials (HTTP Basic).");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        problems.write(response, request, ErrorCode.FORBIDDEN, "This ops role may not perform this action.");
    }
}
