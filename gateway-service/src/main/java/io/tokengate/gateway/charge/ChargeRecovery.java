package io.tokengate.gateway.charge;

import io.tokengate.gateway.acquirer.Acquirer;
import io.tokengate.gateway.acquirer.AcquirerTransaction;
import io.tokengate.gateway.acquirer.LookupResult;
import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.idempotency.IdempotencyStore;
import io.tokengate.gateway.merchant.AclEnforcer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles money movements that stopped between their two commits (a crash, a lost database
 * connection, an acquirer that never answered): pending charges, captures and voids in flight,
 * pending refunds older than {@code tokengate.charges.recovery-after}. For each it asks the
 * acquirer ({@link Acquirer#lookup}) what happened under the row's id and records that, completing
 * the request's Idempotency-Key with the final answer (or releasing the key when nothing happened,
 * so a retry runs again).
 *
 * <p>Safe with many instances: each row is settled in its own transaction that locks it with
 * {@code FOR UPDATE SKIP LOCKED}; another instance skips it. The row lock is held across the lookup
 * on purpose: it is what makes a late phase two of the original request wait and then find the row
 * settled. This is a background path holding one connection, not the request hot path.
 */
@Component
public class ChargeRecovery {

    private static final Logger log = LoggerFactory.getLogger(ChargeRecovery.class);
    private static final Actor ACTOR = Actor.system("charge-recovery");

    private final TransactionTemplate tx;
    private final ChargeRepository charges;
    private final RefundRepository refunds;
    private final ChargeOutcomes outcomes;
    private final RefundService refundService;
    private final ChargeService chargeService;
    private final ChargeReader reader;
    private final ChargeResponses responses;
    private final IdempotencyStore idempotency;
    private final AclEnforcer acl;
    private final AuditLog audit;
    private final Acquirer acquirer;
    private final ChargeProperties properties;

    ChargeRecovery(TransactionTemplate tx, ChargeRepository charges, RefundRepository refunds,
                   ChargeOutcomes outcomes, RefundService refundService, ChargeService chargeService,
                   ChargeReader reader, ChargeResponses responses, IdempotencyStore idempotency, AclEnforcer acl,
                   AuditLog audit, Acquirer acquirer, ChargeProperties properties) {
        this.tx = tx;
        this.charges = charges;
        this.refunds = refunds;
        this.outcomes = outcomes;
        this.refundService = refundService;
        this.chargeService = chargeService;
        this.reader = reader;
        this.responses = responses;
        this.idempotency = idempotency;
        this.acl = acl;
        this.audit = audit;
        this.acquirer = acquirer;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${tokengate.charges.recovery-interval:10s}",
            initialDelayString = "${tokengate.charges.recovery-initial-delay:30s}")
    void scheduled() {
        try {
            int settled = recoverStale(properties.getRecoveryAfter());
            if (settled > 0) {
                log.info("charge recovery settled {} operation(s)", settled);
            }
        } catch (RuntimeException e) {
            log.warn("charge recovery failed, will retry: {}", e.toString());
        }
    }

    /** Settles everything in flight for longer than {@code olderThan}; returns how many rows it settled. */
    public int recoverStale(Duration olderThan) {
        int settled = 0;
        List<String> tried = new ArrayList<>();
        while (true) {
            Boolean found = tx.execute(status -> charges.lockStale(List.of(Charge.PENDING), olderThan, tried)
                    .map(c -> {
                        tried.add(c.id());
                        return settlePending(c);
                    }).orElse(null));
            if (found == null) {
                break;
            }
            settled += found ? 1 : 0;
        }
        while (true) {
            Boolean found = tx.execute(status -> charges.lockStale(List.of(Charge.CAPTURING, Charge.VOIDING),
                    olderThan, tried).map(c -> {
                        tried.add(c.id());
                        return settleOperation(c);
                    }).orElse(null));
            if (found == null) {
                break;
            }
            settled += found ? 1 : 0;
        }
        while (true) {
            Boolean found = tx.execute(status -> refunds.lockStale(olderThan, tried).map(r -> {
                tried.add(r.id());
                return settleRefund(r);
            }).orElse(null));
            if (found == null) {
                break;
            }
            settled += found ? 1 : 0;
        }
        return settled;
    }

    /** A pending authorization: approved at the acquirer → authorized/captured; unknown there → failed. */
    private boolean settlePending(Charge charge) {
        LookupResult lookup = acquirer.lookup(charge.id());
        Optional<Charge> settled;
        switch (lookup) {
            case LookupResult.Unavailable u -> {
                return false;
            }
            case LookupResult.Found found -> settled = outcomes.approved(charge,
                    found.transaction().acquirerReference(), found.transaction().captured(), chargeService.now(),
                    ACTOR, c -> chargeService.render(c, reader.tokenValue(c), null))
                    .map(ChargeOutcomes.Settled::charge);
            case LookupResult.NotFound n -> {
                settled = outcomes.failed(charge, "recovered_no_authorization", ACTOR);
                if (settled.isPresent() && charge.idempotencyKey() != null) {
                    idempotency.release(charge.merchantId(), charge.idempotencyKey());
                }
            }
        }
        settled.ifPresent(c -> recovered(c.merchantId(), "charge", c.id(), c.status(), c.failureCode()));
        return settled.isPresent();
    }

    /** A capture or void in flight: done at the acquirer → captured/voided; not done → authorized again. */
    private boolean settleOperation(Charge charge) {
        LookupResult lookup = acquirer.lookup(charge.id());
        if (lookup instanceof LookupResult.Unavailable) {
            return false;
        }
        AcquirerTransaction at = lookup instanceof LookupResult.Found f ? f.transaction() : null;
        boolean done = at != null && (Charge.CAPTURING.equals(charge.status()) ? at.captured() : at.voided());
        Optional<Charge> settled;
        if (!done) {
            settled = charges.revertToAuthorized(charge.id(), charge.status());
        } else if (Charge.CAPTURING.equals(charge.status())) {
            settled = charges.finishCapture(charge.id());
        } else {
            settled = charges.finishVoid(charge.id());
            settled.ifPresent(c -> acl.release(c.capReservation()));
        }
        settled.ifPresent(c -> {
            audit.append(ChargeOutcomes.entry(c, ACTOR).build());
            recovered(c.merchantId(), "charge", c.id(), c.status(), c.failureCode());
            if (charge.operationIdempotencyKey() != null) {
                if (done) {
                    idempotency.complete(c.merchantId(), charge.operationIdempotencyKey(),
                            responses.charge(200, c, reader.tokenValue(c)));
                } else {
                    idempotency.release(c.merchantId(), charge.operationIdempotencyKey());
                }
            }
        });
        return settled.isPresent();
    }

    /** A pending refund: done at the acquirer → succeeded; not done → failed, amount given back. */
    private boolean settleRefund(Refund refund) {
        LookupResult lookup = acquirer.lookup(refund.id());
        Optional<Refund> settled;
        switch (lookup) {
            case LookupResult.Unavailable u -> {
                return false;
            }
            case LookupResult.Found found -> settled = refundService.succeed(refund,
                    found.transaction().acquirerReference(), ACTOR);
            case LookupResult.NotFound n -> settled = refundService.fail(refund, "recovered_no_refund", ACTOR);
        }
        settled.ifPresent(r -> {
            recovered(r.merchantId(), "refund", r.id(), r.status(), r.failureCode());
            if (r.idempotencyKey() != null) {
                if (Refund.FAILED.equals(r.status())) {
                    idempotency.release(r.merchantId(), r.idempotencyKey());
                } else {
                    idempotency.complete(r.merchantId(), r.idempotencyKey(), responses.refund(201, r));
                }
            }
        });
        return settled.isPresent();
    }

    /** {@code charge.recovered} / {@code refund.recovered}: the outcome was settled by lookup, not by the request. */
    private void recovered(String merchantId, String type, String id, String status, String failureCode) {
        audit.append(AuditEntry.of(ACTOR, type + ".recovered").merchant(merchantId).subject(type, id)
                .detail("status", status).detail("failure_code", failureCode).build());
    }
}
