package io.tokengate.gateway.security;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.merchant.AclEnforcer;
import io.tokengate.gateway.merchant.ApiKeys;
import io.tokengate.gateway.merchant.KeyAuthentication;
import io.tokengate.gateway.web.Routes;
import io.tokengate.gateway.web.ClientAddress;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <secret>} on the merchant API. The secret is looked
 * up by its keyed hash; the answer says which stable code failed (invalid, expired, revoked,
 * suspended merchant, network not in the ACL). Failures count toward the per-address throttle, and
 * a revoked key presented again is audited as a security event with its source address.
 */
final class MerchantAuthenticationFilter extends OncePerRequestFilter {

    private static final int MAX_SECRET_LENGTH = 200;

    private final ApiKeys keys;
    private final AuthThrottle throttle;
    private final AuditLog audit;
    private final Problems problems;

    MerchantAuthenticationFilter(ApiKeys keys, AuthThrottle throttle, AuditLog audit, Problems problems) {
        this.keys = keys;
        this.throttle = throttle;
        this.audit = audit;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String ip = ClientAddress.of(request);
        java.util.Optional<java.time.Duration> wait = throttle.retryAfter(ip);
        if (wait.isPresent()) {
            problems.writeRateLimited(response, request,
                    "Too many failed authentications from this address; retry after Retry-After seconds.", wait.get());
            return;
        }
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            problems.write(response, request, ErrorCode.AUTHENTICATION_REQUIRED,
                    "Send your secret key as 'Authorization: Bearer <secret>'.");
            return;
        }
        String secret = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (secret == null || secret.isEmpty() || secret.length() > MAX_SECRET_LENGTH) {
            fail(request, response, ip, ErrorCode.API_KEY_INVALID, "The Authorization header must be 'Bearer <secret>'.");
            return;
        }
        Optional<KeyAuthentication> found = keys.authenticate(secret, ip);
        if (found.isEmpty()) {
            fail(request, response, ip, ErrorCode.API_KEY_INVALID, "No API key has this secret.");
            return;
        }
        KeyAuthentication key = found.get();
        if ("revoked".equals(key.keyStatus())) {
            audit.appendIndependently(AuditEntry.of(Actor.merchantKey(key.keyId(), ip), "security.revoked_key_used")
                    .merchant(key.merchantId()).subject("api_key", key.keyId())
                    .detail("route", Routes.of(request)).build());
            fail(request, response, ip, ErrorCode.API_KEY_REVOKED, "This API key has been revoked; use a current key.");
            return;
        }
        if (key.expiresAt() != null && !key.expiresAt().isAfter(Instant.now())) {
            fail(request, response, ip, ErrorCode.API_KEY_EXPIRED, "This API key has expired; use a current key.");
            return;
        }
        if (!"active".equals(key.merchantStatus())) {
            problems.write(response, request, ErrorCode.MERCHANT_SUSPENDED,
                    "The merchant account is suspended; contact the gateway operator.");
            return;
        }
        if (!key.networkAllowed()) {
            audit.appendIndependently(AuditEntry.of(Actor.merchantKey(key.keyId(), ip), "acl.denied")
                    .merchant(key.merchantId()).detail("rule", AclEnforcer.RULE_NETWORK)
                    .detail("route", Routes.of(request)).build());
            problems.write(response, request, ErrorCode.ACL_DENIED,
                    "Requests from this network are not allowed for this merchant.", null,
                    java.util.Map.of("rule", AclEnforcer.RULE_NETWORK));
            return;
        }
        if (key.usageStale(Instant.now())) {
            keys.touch(key.keyId());
        }
        authenticate(new MerchantPrincipal(key.merchantId(), key.keyId(), new HashSet<>(key.scopes()), ip,
                key.aclVersion()));
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private void fail(HttpServletRequest request, HttpServletResponse response, String ip, ErrorCode code,
                      String detail) throws IOException {
        throttle.recordFailure(ip, "api_key", code.code());
        problems.write(response, request, code, detail);
    }

    private static void authenticate(MerchantPrincipal principal) {
        List<SimpleGrantedAuthority> authorities = principal.scopes().stream()
                .map(s -> new SimpleGrantedAuthority("SCOPE_" + s)).toList();
        var token = UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(token);
        SecurityContextHolder.setContext(context);
    }
}
