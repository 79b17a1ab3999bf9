package io.tokengate.gateway.audit;

import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.Cursors;
import io.tokengate.gateway.web.PageResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail for auditors (and admins): search it, and verify its hash chain. */
@RestController
@RequestMapping(path = "/ops/audit", produces = "application/json")
class OpsAuditController {

    record VerifyView(String object, boolean intact, long rowsVerified, Long brokenAtSeq, Long brokenAtId,
                      String reason, long unsealed) {
    }

    private final AuditQuery query;
    private final AuditVerifier verifier;

    OpsAuditController(AuditQuery query, AuditVerifier verifier) {
        this.query = query;
        this.verifier = verifier;
    }

    @GetMapping
    PageResponse<AuditQuery.AuditRow> list(@RequestParam(required = false) String merchant,
                                           @RequestParam(required = false) String actor,
                                           @RequestParam(required = false) String action,
                                           @RequestParam(required = false) String from,
                                           @RequestParam(required = false) String to,
                                           @RequestParam(required = false) Integer limit,
                                           @RequestParam(name = "starting_after", required = false) String cursor) {
        int size = PageResponse.limit(limit);
        AuditQuery.Filter filter = new AuditQuery.Filter(merchant, actor, action, instant("from", from),
                instant("to", to), Cursors.decodeLong(cursor));
        return PageResponse.of(query.page(filter, size + 1), size, row -> Long.toString(row.id()), row -> row);
    }

    @GetMapping("/verify")
    VerifyView verify() {
        AuditVerifier.Result r = verifier.verify();
        return new VerifyView("audit_verification", r.intact(), r.rowsVerified(), r.brokenAtSeq(), r.brokenAtId(),
                r.reason(), r.unsealed());
    }

    private static Instant instant(String param, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(param, param + " must be an ISO 8601 instant such as 2026-11-27T00:00:00Z.");
        }
    }
}
