package io.tokengate.gateway.merchant;

import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.security.Actors;
import io.tokengate.gateway.web.Routes;
import io.tokengate.gateway.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Audits every ACL denial. It runs once the request's transaction has rolled back, so the denial
 * is recorded in a transaction of its own and survives the refused change.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AclDenialAuditor {

    private final AuditLog audit;
    private final Problems problems;

    AclDenialAuditor(AuditLog audit, Problems problems) {
        this.audit = audit;
        this.problems = problems;
    }

    @ExceptionHandler(AclDeniedException.class)
    ResponseEntity<Map<String, Object>> denied(AclDeniedException e, HttpServletRequest request) {
        audit.appendIndependently(AuditEntry.of(Actors.current(request), "acl.denied").merchant(e.merchantId())
                .detail("rule", e.rule()).detail("route", Routes.of(request)).build());
        return problems.entity(e, request);
    }
}
