package io.tokengate.gateway.charge;

import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.idempotency.IdempotencyStore;
import io.tokengate.gateway.idempotency.IdempotentRequest;
import io.tokengate.gateway.web.AttachedRows;
import io.tokengate.gateway.web.GroupCommit;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The pending charges of concurrent requests, recorded by group commit ({@link GroupCommit}): one
 * statement and one commit claims every Idempotency-Key, inserts every pending charge and its
 * {@code card.opened} audit row, instead of one transaction each. It takes only what phase one
 * would otherwise write in a transaction of its own, with nothing before it: a charge that
 * reserved a daily cap or spent a single-use token is recorded in that transaction, as before.
 * Each request gets exactly the rows {@link ChargeAdmission} writes for it alone, and its caller
 * goes on (and opens the card) only after the batch committed. A request whose key another one
 * holds (in the database or earlier in the same batch) gets no row and answers from the key. A
 * batch that fails for any reason but an unreachable database is rolled back and each request
 * recorded alone.
 */
@Component
class AdmissionBatch {

    /** Above the pool size, so under the charge path's concurrency one batch takes everything queued. */
    static final int MAX_BATCH = 64;

    /** One request's pending charge, its key (null without one) and the audit row of its card opening. */
    record Admission(Charge draft, IdempotentRequest key, AuditEntry opened) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ChargeRepository charges;
    private final IdempotencyStore idempotency;
    private final AuditLog audit;
    private final GroupCommit<Admission, Optional<Charge>> group;

    AdmissionBatch(JdbcClient jdbc, TransactionTemplate tx, ChargeRepository charges, IdempotencyStore idempotency,
                   AuditLog audit) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.charges = charges;
        this.idempotency = idempotency;
        this.audit = audit;
        this.group = GroupCommit.create("charge admissions", MAX_BATCH, Duration.ofSeconds(5), this::write);
    }

    /**
     * Records the pending charge with the next batch and waits for its commit.
     *
     * @return the pending charge, or empty when its Idempotency-Key was taken (nothing was written for it)
     */
    Optional<Charge> record(Admission admission) {
        try {
            return group.submit(admission, this::alone);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Recorded or not: a pending charge nobody calls the acquirer for is resolved by recovery.
            throw new IllegalStateException("interrupted while recording charge " + admission.draft().id(), e);
        }
    }

    /** The group commit itself (tests observe the grouping through it). */
    GroupCommit<Admission, Optional<Charge>> group() {
        return group;
    }

    @PreDestroy
    void close() {
        group.close();
    }

    /** One request's rows alone, in a transaction of its own. */
    private Optional<Charge> alone(Admission a) {
        return tx.execute(status -> recordInTransaction(a));
    }

    /**
     * One request's rows alone, in the caller's transaction: with a key, claim, pending charge and
     * audit row in one statement (empty when the key is taken); without, the charge and its audit row.
     */
    Optional<Charge> recordInTransaction(Admission a) {
        if (a.key() == null) {
            Optional<Charge> charge = Optional.of(charges.insert(ChargeRepository.insertPending(a.draft(), null)));
            audit.append(a.opened());
            return charge;
        }
        ChargeRepository.Statement insert = ChargeRepository.insertPending(a.draft(), IdempotencyStore.CLAIMED);
        return idempotency.claimWith(a.key(), insert.sql(), insert.params(), ChargeRepository.MAPPER,
                List.of(audit.attached(a.opened())));
    }

    private List<Optional<Charge>> write(List<Admission> admissions) {
        // A key twice in one batch: only its first request is written; the others find the key taken,
        // as they would have right after it.
        Set<String> keys = new HashSet<>();
        List<Admission> written = admissions.stream()
                .filter(a -> a.key() == null || keys.add(a.key().merchantId() + "\n" + a.key().key()))
                .toList();
        List<Object> params = new ArrayList<>();
        String sql = statement(written, written.stream().map(Admission::key).filter(Objects::nonNull).toList(), params);
        return tx.execute(status -> {
            Map<String, Charge> inserted = new HashMap<>();
            jdbc.sql(sql).params(params).query(ChargeRepository.MAPPER).list().forEach(c -> inserted.put(c.id(), c));
            return admissions.stream().map(a -> Optional.ofNullable(inserted.get(a.draft().id()))).toList();
        });
    }

    /** {@link ChargeRepository#insertPending} for every request, each guarded by its own key's claim. */
    private String statement(List<Admission> admissions, List<IdempotentRequest> requests, List<Object> params) {
        String claim = requests.isEmpty() ? "" : idempotency.claimAll(requests, params) + ",\n";
        String insert = ChargeRepository.insertPendingAll(admissions.stream().map(Admission::draft).toList(),
                requests.isEmpty() ? null : "u.idempotency_key IS NULL OR " + IdempotencyStore.claimedBy("u"), params);
        return AttachedRows.compose(claim + insert, "claimed", "id",
                List.of(audit.attachedRows(admissions.stream().map(a -> a.draft().id()).toList(),
                        admissions.stream().map(Admission::opened).toList())), params);
    }
}
