package io.tokengate.gateway.incident;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.ops.ApprovalHandler;
import io.tokengate.gateway.web.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Dual-control action {@code export.security_events}: the gateway's one export so far. Params
 * {@code {"merchant"?: "mer_...", "severity"?: "critical"|"high"|"medium", "limit"?: 1..1000}}; the
 * approved export (newest first, at most 1,000 events: source addresses, key ids, token hints, never
 * token values) is stored as the approval's result, so it is read with {@code GET /ops/approvals/{id}}
 * and exists only once a second admin agreed. Any future export must be an {@link ApprovalHandler}
 * too: nothing leaves the gateway in bulk on one admin's word.
 */
@Component
class SecurityEventExportHandler implements ApprovalHandler {

    static final String ACTION = "export.security_events";
    private static final int MAX = 1_000;

    private final SecurityEvents events;
    private final AuditLog audit;

    SecurityEventExportHandler(SecurityEvents events, AuditLog audit) {
        this.events = events;
        this.audit = audit;
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public void validate(Map<String, Object> params) {
        if (!Set.of("merchant", "severity", "limit").containsAll(params.keySet())) {
            throw ApiException.invalid("params", ACTION + " takes params merchant, severity and limit only.");
        }
        if (params.get("merchant") != null && !(params.get("merchant") instanceof String)) {
            throw ApiException.invalid("params.merchant", "params.merchant must be a merchant id.");
        }
        Object severity = params.get("severity");
        if (severity != null && !List.of(SecurityEvents.CRITICAL, SecurityEvents.HIGH, SecurityEvents.MEDIUM)
                .contains(severity)) {
            throw ApiException.invalid("params.severity", "params.severity must be critical, high or medium.");
        }
        limit(params);
    }

    @Override
    public Map<String, Object> execute(Map<String, Object> params, Actor approver) {
        List<Map<String, Object>> rows = events.page((String) params.get("merchant"), (String) params.get("severity"),
                null, limit(params)).stream().map(SecurityEventExportHandler::row).toList();
        audit.append(AuditEntry.of(approver, "export.security_events").detail("count", rows.size())
                .detail("merchant", params.get("merchant")).detail("severity", params.get("severity")).build());
        return Map.of("count", rows.size(), "events", rows);
    }

    private static int limit(Map<String, Object> params) {
        Object limit = params.getOrDefault("limit", MAX);
        if (!(limit instanceof Integer n) || n < 1 || n > MAX) {
            throw ApiException.invalid("params.limit", "params.limit must be an integer from 1 to " + MAX + ".");
        }
        return n;
    }

    private static Map<String, Object> row(SecurityEvents.Event e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", e.id());
        row.put("type", e.type());
        row.put("severity", e.severity());
        row.put("occurred_at", e.occurredAt().toString());
        row.put("merchant", e.merchantId());
        row.put("source_ip", e.sourceIp());
        row.put("api_key", e.apiKey());
        row.put("token_hint", e.tokenHint());
        row.put("route", e.route());
        return row;
    }
}
