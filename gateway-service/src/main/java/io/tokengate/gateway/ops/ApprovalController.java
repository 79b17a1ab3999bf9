package io.tokengate.gateway.ops;

import io.tokengate.gateway.security.Actors;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.Cursors;
import io.tokengate.gateway.web.PageResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /ops/approvals}: request a dual-control action (admin, 202: nothing has run yet), read and
 * list requests (admin or auditor), approve (a second admin: runs it) or reject. The ops security
 * chain already refuses writes to the auditor role (403).
 */
@RestController
@RequestMapping(path = "/ops/approvals", produces = "application/json")
class ApprovalController {

    private static final Set<String> STATUSES = Set.of(Approval.PENDING, "approved", Approval.REJECTED,
            Approval.EXECUTED, Approval.FAILED, Approval.EXPIRED);

    record RequestApproval(String action, Map<String, Object> params, String reason) {
    }

    record Decision(String reason) {
    }

    private final Approvals approvals;

    ApprovalController(Approvals approvals) {
        this.approvals = approvals;
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Approval request(@RequestBody RequestApproval body, HttpServletRequest request) {
        return approvals.request(body.action(), body.params(), body.reason(), Actors.current(request));
    }

    @GetMapping
    PageResponse<Approval> list(@RequestParam(required = false) String status,
                                @RequestParam(required = false) Integer limit,
                                @RequestParam(name = "starting_after", required = false) String startingAfter) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalid("status", "status must be one of " + String.join(", ", STATUSES.stream()
                    .sorted().toList()) + ".");
        }
        return approvals.list(status, Cursors.decodeLong(startingAfter), PageResponse.limit(limit));
    }

    @GetMapping("/{id}")
    Approval get(@PathVariable String id) {
        return approvals.get(id);
    }

    @PostMapping("/{id}/approve")
    Approval approve(@PathVariable String id, HttpServletRequest request) {
        return approvals.approve(id, Actors.current(request));
    }

    @PostMapping("/{id}/reject")
    Approval reject(@PathVariable String id, @RequestBody(required = false) Decision body, HttpServletRequest request) {
        return approvals.reject(id, body == null ? null : body.reason(), Actors.current(request));
    }
}
