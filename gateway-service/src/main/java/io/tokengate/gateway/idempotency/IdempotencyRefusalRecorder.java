package io.tokengate.gateway.idempotency;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Stores the 4xx answer of an idempotent request whose own transaction rolled back (a validation
 * error, an ACL denial, a revoked token), so that a retry with the same key replays it. It works
 * on the bytes actually written, after every exception handler (including the ones that audit
 * denials) has run, so the replay is byte-identical. 5xx answers are not stored: the key is free
 * for a retry.
 */
@Component
final class IdempotencyRefusalRecorder extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyRefusalRecorder.class);

    private final IdempotencyStore store;

    IdempotencyRefusalRecorder(IdempotencyStore store) {
        this.store = store;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(IdempotentRequest.HEADER) == null
                || !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, wrapper);
            if (request.getAttribute(IdempotentRequest.ATTRIBUTE) instanceof IdempotentRequest idempotent
                    && idempotent.errorsCapturedByGateway() && wrapper.getStatus() >= 400 && wrapper.getStatus() < 500) {
                String type = wrapper.getContentType() == null ? MediaType.APPLICATION_PROBLEM_JSON_VALUE
                        : wrapper.getContentType();
                try {
                    store.storeRefusal(idempotent, new StoredResponse(wrapper.getStatus(), type,
                            wrapper.getContentAsByteArray()));
                } catch (RuntimeException e) {
                    // The answer stands; a retry will simply run again.
                    log.warn("could not store the refusal for an idempotency key: {}", e.toString());
                }
            }
        } finally {
            wrapper.copyBodyToResponse();
        }
    }
}
