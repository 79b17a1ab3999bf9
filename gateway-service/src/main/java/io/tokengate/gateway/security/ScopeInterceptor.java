package io.tokengate.gateway.security;

import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Enforces {@link RequireScope} on merchant endpoints. A merchant handler without the annotation is
 * refused (and logged as a programming error), so a forgotten annotation fails closed.
 */
final class ScopeInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(ScopeInterceptor.class);

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof MerchantPrincipal principal)) {
            return true;
        }
        RequireScope required = method.getMethodAnnotation(RequireScope.class);
        if (required == null) {
            log.error("merchant endpoint {} has no @RequireScope; refusing", method.getShortLogMessage());
            throw new ApiException(ErrorCode.FORBIDDEN, "This endpoint is not available to API keys.");
        }
        if (required.value().length > 0 && Arrays.stream(required.value()).noneMatch(principal::hasScope)) {
            String needed = String.join(" or ", required.value());
            throw new ApiException(ErrorCode.SCOPE_MISSING, "This API key lacks the scope " + needed
                    + "; issue a key with it.", null, Map.of("required_scope", needed));
        }
        return true;
    }
}
