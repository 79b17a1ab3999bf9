package io.tokengate.gateway.security;

import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.Problems;
import io.tokengate.gateway.web.Routes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Applies the {@link GuessThrottle} to {@link GuessableLookup} endpoints: refuses a key over its
 * budget before the handler runs (an in-memory check), and counts a miss after the handler answered
 * {@code not_found} or {@code checkout_code_invalid} (read from the exception MVC resolved, so no
 * feature has to know about the throttle).
 */
final class GuessThrottleInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(GuessThrottleInterceptor.class);
    private static final String PRINCIPAL = GuessThrottleInterceptor.class.getName() + ".principal";

    private final GuessThrottle throttle;
    private final Problems problems;

    GuessThrottleInterceptor(GuessThrottle throttle, Problems problems) {
        this.throttle = throttle;
        this.problems = problems;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        GuessableLookup lookup = guessable(handler);
        MerchantPrincipal key = lookup == null || !applies(lookup, request) ? null : principal();
        if (key == null) {
            return true;
        }
        Optional<Duration> wait = throttle.retryAfter(key.keyId());
        if (wait.isPresent()) {
            problems.writeRateLimited(response, request, "This API key named too many tokens or checkout codes that "
                    + "do not exist; it may look values up again after Retry-After seconds. Check the values your "
                    + "integration sends.", wait.get());
            return false;
        }
        request.setAttribute(PRINCIPAL, key);
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception ex) {
        GuessableLookup lookup = guessable(handler);
        if (lookup == null || !applies(lookup, request)
                || !(request.getAttribute(PRINCIPAL) instanceof MerchantPrincipal key)) {
            return;
        }
        Object resolved = request.getAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE);
        boolean miss = Boolean.TRUE.equals(request.getAttribute(GuessThrottle.MISS_ATTRIBUTE))
                || resolved instanceof ApiException e
                && (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.CHECKOUT_CODE_INVALID);
        if (miss) {
            try {
                throttle.recordMiss(key, lookup.value(), Routes.of(request));
            } catch (RuntimeException failure) {
                // The answer has gone out; an unrecorded miss only makes the budget a little larger.
                log.warn("could not record a guess miss of key {}: {}", key.keyId(), failure.toString());
            }
        }
    }

    private static GuessableLookup guessable(Object handler) {
        return handler instanceof HandlerMethod method ? method.getMethodAnnotation(GuessableLookup.class) : null;
    }

    private static boolean applies(GuessableLookup lookup, HttpServletRequest request) {
        return lookup.onlyWithParameter().isEmpty() || request.getParameter(lookup.onlyWithParameter()) != null;
    }

    private static MerchantPrincipal principal() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof MerchantPrincipal p ? p : null;
    }
}
