package io.tokengate.gateway.ops;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.Ids;
import io.tokengate.gateway.web.PageResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Dual control: an admin requests an action, a second, different admin approves it, and the
 * action's {@link ApprovalHandler} runs in the approving transaction. Handlers are every
 * {@code ApprovalHandler} bean of the application, one per action name. Requests live in PostgreSQL
 * (any instance may approve) and expire after {@code tokengate.approvals.ttl} (24 h).
 *
 * <p>A handler that refuses at execution (an {@link ApiException}, e.g. a KEK still in use) leaves
 * the approval {@code failed} with the refusal as its result: its work is rolled back to a savepoint,
 * the decision and its audit rows commit. Any other exception rolls everything back and the request
 * stays pending.
 */
@Service
public class Approvals {

    private final ApprovalRepository repository;
    private final Map<String, ApprovalHandler> handlers = new TreeMap<>();
    private final AuditLog audit;
    private final TransactionTemplate savepoint;
    private final Clock clock;
    private final Duration ttl;

    Approvals(ApprovalRepository repository, ObjectProvider<ApprovalHandler> handlers, AuditLog audit,
              PlatformTransactionManager transactions, Clock clock,
              @Value("${tokengate.approvals.ttl:24h}") Duration ttl) {
        this.repository = repository;
        handlers.orderedStream().forEach(h -> {
            if (this.handlers.putIfAbsent(h.action(), h) != null) {
                throw new IllegalStateException("two approval handlers for action " + h.action());
            }
        });
        this.audit = audit;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The registered action names, sorted. */
    public java.util.Set<String> actions() {
        return handlers.keySet();
    }

    /**
     * Records a request after the handler has checked its parameters, audited as {@code approval.requested}.
     *
     * @throws ApiException {@code parameter_missing}/{@code parameter_invalid} (param {@code action}) for
     *                      a missing or unknown action, or whatever the handler's check refuses
     */
    @Transactional
    public Approval request(String action, Map<String, Object> params, String reason, Actor actor) {
        ApprovalHandler handler = handler(action);
        Map<String, Object> checked = params == null ? Map.of() : new LinkedHashMap<>(params);
        if (reason != null && reason.length() > 500) {
            throw ApiException.invalid("reason", "reason may have at most 500 characters.");
        }
        handler.validate(checked);
        String id = Ids.generate("apr_");
        repository.insert(id, action, checked, actor.id(), reason, clock.instant().plus(ttl));
        audit.append(AuditEntry.of(actor, "approval.requested").subject("approval", id).detail("action", action)
                .detail("params", checked).build());
        return get(id);
    }

    @Transactional(readOnly = true)
    public Approval get(String id) {
        return repository.find(id, false).orElseThrow(() -> ApiException.notFound("approval"));
    }

    @Transactional(readOnly = true)
    public PageResponse<Approval> list(String status, Long beforeSeq, int limit) {
        return PageResponse.of(repository.page(status, beforeSeq, limit + 1), limit,
                r -> Long.toString(r.seq()), ApprovalRepository.Row::approval);
    }

    /**
     * Approves and executes: {@code dual_control_required} (409) when the approver requested it;
     * {@code state_conflict} (409) unless it is pending (expired included). Audited as
     * {@code approval.approved} and then {@code approval.executed} or {@code approval.failed}.
     */
    @Transactional
    public Approval approve(String id, Actor approver) {
        Approval a = pending(id);
        if (a.requestedBy().equals(approver.id())) {
            throw new ApiException(ErrorCode.DUAL_CONTROL_REQUIRED, "You requested this action; a second, "
                    + "different admin must approve it.", "approval");
        }
        audit.append(entry(approver, "approval.approved", a).build());
        ApprovalHandler handler = handlers.get(a.action());
        Map<String, Object> result;
        String status;
        try {
            result = savepoint.execute(tx -> {
                if (handler == null) {
                    throw new ApiException(ErrorCode.STATE_CONFLICT, "No handler is registered for this action on "
                            + "this gateway version.");
                }
                handler.validate(a.params());
                Map<String, Object> r = handler.execute(a.params(), approver);
                return r == null ? Map.of() : r;
            });
            status = Approval.EXECUTED;
        } catch (ApiException refused) {
            result = Map.of("error", Map.of("code", refused.code().code(), "detail", String.valueOf(
                    refused.getMessage())));
            status = Approval.FAILED;
        }
        repository.decide(id, status, approver.id(), null, result);
        audit.append(entry(approver, Approval.EXECUTED.equals(status) ? "approval.executed" : "approval.failed", a)
                .detail("result", result).build());
        return get(id);
    }

    /** Rejects (or, by its requester, withdraws) a pending request, audited as {@code approval.rejected}. */
    @Transactional
    public Approval reject(String id, String reason, Actor actor) {
        Approval a = pending(id);
        if (reason != null && reason.length() > 500) {
            throw ApiException.invalid("reason", "reason may have at most 500 characters.");
        }
        repository.decide(id, Approval.REJECTED, actor.id(), reason, null);
        audit.append(entry(actor, "approval.rejected", a).detail("reason", reason).build());
        return get(id);
    }

    private Approval pending(String id) {
        Approval a = repository.find(id, true).orElseThrow(() -> ApiException.notFound("approval"));
        if (!Approval.PENDING.equals(a.status())) {
            throw new ApiException(ErrorCode.STATE_CONFLICT, "The approval is " + a.status()
                    + "; only a pending approval can be decided.", "approval");
        }
        return a;
    }

    private ApprovalHandler handler(String action) {
        if (action == null || action.isBlank()) {
            throw ApiException.missing("action");
        }
        ApprovalHandler handler = handlers.get(action);
        if (handler == null) {
            throw ApiException.invalid("action", "Unknown action. Known actions: " + String.join(", ", handlers.keySet())
                    + ".");
        }
        return handler;
    }

    private static AuditEntry.Builder entry(Actor actor, String action, Approval a) {
        return AuditEntry.of(actor, action).subject("approval", a.id()).detail("action", a.action())
                .detail("requested_by", a.requestedBy());
    }
}
