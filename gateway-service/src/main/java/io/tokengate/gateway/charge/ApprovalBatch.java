package io.tokengate.gateway.charge;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.idempotency.IdempotencyStore;
import io.tokengate.gateway.idempotency.StoredResponse;
import io.tokengate.gateway.web.AttachedRows;
import io.tokengate.gateway.web.GroupCommit;
import io.tokengate.gateway.webhook.WebhookOutbox;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The approved outcomes of concurrent charges, recorded by group commit ({@link GroupCommit}): one
 * statement and one commit for every charge whose acquirer approved it meanwhile, instead of one
 * each. Each charge gets exactly the rows {@link ChargeOutcomes#approved} writes for it (the status,
 * the answer stored under its Idempotency-Key, its audit row, its webhook event), in the batch's
 * transaction, and its caller answers only after that commit; a charge no longer pending (recovery
 * settled it first) is left alone, as there. A batch whose rows differ from what was rendered, or
 * that fails for any reason but an unreachable database, is rolled back and each charge is recorded
 * alone by {@link ChargeOutcomes#approved}, which answers each caller for itself.
 */
@Component
class ApprovalBatch {

    /** Above the pool size, so under the charge path's concurrency one batch takes everything queued. */
    static final int MAX_BATCH = 64;

    /** The outcome of one approved charge, rendered before the write. */
    record Approval(Charge pending, Charge expected, StoredResponse response, Actor actor) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final IdempotencyStore idempotency;
    private final AuditLog audit;
    private final WebhookOutbox webhooks;
    private final GroupCommit<Approval, Optional<ChargeOutcomes.Settled>> group;

    ApprovalBatch(JdbcClient jdbc, TransactionTemplate tx, IdempotencyStore idempotency, AuditLog audit,
                  WebhookOutbox webhooks) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.idempotency = idempotency;
        this.audit = audit;
        this.webhooks = webhooks;
        this.group = GroupCommit.create("charge approvals", MAX_BATCH, Duration.ofSeconds(5), this::write);
    }

    /**
     * Records the approval with the next batch and waits for its commit.
     *
     * @param answer renders the answer stored under the charge's Idempotency-Key, from the charge as it
     *               will read once settled
     * @param alone  records it on its own ({@link ChargeOutcomes#approved} in a transaction of its own)
     * @return the settled charge and its stored answer (null without a key), or empty when the charge
     *         was no longer pending
     */
    Optional<ChargeOutcomes.Settled> record(Charge pending, String acquirerReference, Instant at, Actor actor,
                                            Function<Charge, StoredResponse> answer,
                                            Supplier<Optional<ChargeOutcomes.Settled>> alone) {
        Charge expected = pending.approved(acquirerReference, pending.captureRequested(), at);
        StoredResponse response = pending.idempotencyKey() == null ? null : answer.apply(expected);
        try {
            return group.submit(new Approval(pending, expected, response, actor), approval -> alone.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // The charge stays pending (or was settled by the batch); recovery or a retry with its key tells.
            throw new IllegalStateException("interrupted while recording charge " + pending.id(), e);
        }
    }

    /** The group commit itself (tests observe the grouping through it). */
    GroupCommit<Approval, Optional<ChargeOutcomes.Settled>> group() {
        return group;
    }

    @PreDestroy
    void close() {
        group.close();
    }

    private List<Optional<ChargeOutcomes.Settled>> write(List<Approval> approvals) {
        List<Object> params = new ArrayList<>();
        String sql = statement(approvals, params);
        return tx.execute(status -> {
            Map<String, Charge> written = new HashMap<>();
            jdbc.sql(sql).params(params).query(ChargeRepository.MAPPER).list().forEach(c -> written.put(c.id(), c));
            List<Optional<ChargeOutcomes.Settled>> results = new ArrayList<>(approvals.size());
            for (Approval a : approvals) {
                Charge row = written.get(a.pending().id());
                if (row != null && !row.equals(a.expected())) {
                    // Never store an answer that differs from the row: roll back; each is then recorded alone.
                    throw new IllegalStateException("charge " + a.pending().id() + " settled differently than rendered");
                }
                results.add(Optional.ofNullable(row).map(c -> new ChargeOutcomes.Settled(c, a.response())));
            }
            return results;
        });
    }

    /**
     * {@link ChargeRepository#approve} for every charge of the batch, with the rows that go with each
     * attached; returns the charges it changed.
     */
    private String statement(List<Approval> approvals, List<Object> params) {
        List<String> ids = approvals.stream().map(a -> a.pending().id()).toList();
        String head = ChargeRepository.approveAll(ids,
                approvals.stream().map(a -> a.expected().acquirerReference()).toList(),
                approvals.stream().map(a -> a.expected().status().equals(Charge.CAPTURED)).toList(),
                approvals.stream().map(a -> a.expected().authorizedAt()).toList(), params);
        List<IdempotencyStore.Completion> completions = approvals.stream()
                .filter(a -> a.response() != null)
                .map(a -> new IdempotencyStore.Completion(a.pending().id(), a.pending().merchantId(),
                        a.pending().idempotencyKey(), a.response()))
                .toList();
        List<AttachedRows> attached = new ArrayList<>();
        if (!completions.isEmpty()) {
            attached.add(idempotency.completions(completions));
        }
        attached.add(audit.attachedRows(ids, approvals.stream()
                .map(a -> ChargeOutcomes.entry(a.expected(), a.actor()).build()).toList()));
        attached.add(webhooks.attachedRows(approvals.stream()
                .map(a -> new WebhookOutbox.Event(a.pending().id(), a.pending().merchantId(),
                        ChargeOutcomes.eventType(a.expected()), ChargeOutcomes.eventData(a.expected())))
                .toList()));
        return AttachedRows.compose(head, "outcome", "id", attached, params);
    }
}
