package io.tokengate.gateway.token;

import io.tokengate.gateway.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records the security event of every {@link TokenRefusedException} that reaches MVC. It runs once
 * the request's transaction has rolled back, so the event survives the refused change; the caller
 * still gets its problem answer if recording fails.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class TokenRefusalAuditor {

    private static final Logger log = LoggerFactory.getLogger(TokenRefusalAuditor.class);

    private final TokenRefusals refusals;
    private final Problems problems;

    TokenRefusalAuditor(TokenRefusals refusals, Problems problems) {
        this.refusals = refusals;
        this.problems = problems;
    }

    @ExceptionHandler(TokenRefusedException.class)
    ResponseEntity<Map<String, Object>> refused(TokenRefusedException e, HttpServletRequest request) {
        try {
            // The route template, not the URI: a URI may carry a token value, which no column may hold.
            Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            refusals.record(e, route == null ? null : request.getMethod() + " " + route);
        } catch (RuntimeException failure) {
            log.error("could not record security event {} for merchant {}", e.securityEvent().action(),
                    e.securityEvent().merchantId(), failure);
        }
        return problems.entity(e, request);
    }
}
