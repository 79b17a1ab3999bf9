package io.tokengate.gateway.charge;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.idempotency.IdempotencyStore;
import io.tokengate.gateway.idempotency.StoredResponse;
import io.tokengate.gateway.merchant.AclEnforcer;
import io.tokengate.gateway.token.Tokens;
import io.tokengate.gateway.web.AttachedWrite;
import io.tokengate.gateway.webhook.WebhookEventTypes;
import io.tokengate.gateway.webhook.WebhookOutbox;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records how a pending charge ended, with everything that goes with it, in the caller's
 * transaction: the status, the audit row, the answer stored under the request's Idempotency-Key
 * (in the same statement as the status), and on a decline or failure the daily-cap reservation
 * (and on a failure the single-use token) given back. Shared by the request's second phase and the
 * recovery job; each method is a no-op (empty) when the charge is no longer pending, so whichever
 * of the two comes second changes nothing.
 */
@Component
class ChargeOutcomes {

    private final ChargeRepository charges;
    private final IdempotencyStore idempotency;
    private final AclEnforcer acl;
    private final Tokens tokens;
    private final AuditLog audit;
    private final WebhookOutbox webhooks;

    ChargeOutcomes(ChargeRepository charges, IdempotencyStore idempotency, AclEnforcer acl, Tokens tokens,
                   AuditLog audit, WebhookOutbox webhooks) {
        this.charges = charges;
        this.idempotency = idempotency;
        this.acl = acl;
        this.tokens = tokens;
        this.audit = audit;
        this.webhooks = webhooks;
    }

    /** The settled charge and the answer stored under its key (null when the charge has no key). */
    record Settled(Charge charge, StoredResponse response) {
    }

    /**
     * @param answer renders the answer to store under the charge's Idempotency-Key, from the charge
     *               as it will read once settled
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Settled> approved(Charge pending, String acquirerReference, boolean captured, Instant at,
                                      Actor actor, Function<Charge, StoredResponse> answer) {
        return settle(pending, pending.approved(acquirerReference, captured, at),
                ChargeRepository.approve(pending.id(), acquirerReference, captured, at), actor, answer);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Settled> declined(Charge pending, String declineCode, Actor actor,
                                      Function<Charge, StoredResponse> answer) {
        Optional<Settled> done = settle(pending, pending.declined(declineCode),
                ChargeRepository.decline(pending.id(), declineCode), actor, answer);
        done.ifPresent(s -> acl.release(s.charge().capReservation()));
        return done;
    }

    /** A failure stores no answer: the caller releases the key, so a retry runs again. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Charge> failed(Charge pending, String failureCode, Actor actor) {
        Optional<Charge> done = charges.fail(pending.id(), failureCode);
        done.ifPresent(c -> {
            acl.release(c.capReservation());
            tokens.releaseUse(c.tokenId());
            audit.append(entry(c, actor).build());
            announce(c);
        });
        return done;
    }

    /** The outcome with its audit row and webhook event; with a key, also its answer, all in one statement. */
    private Optional<Settled> settle(Charge pending, Charge expected, ChargeRepository.Statement update, Actor actor,
                                     Function<Charge, StoredResponse> answer) {
        if (pending.idempotencyKey() == null) {
            Optional<Settled> done = charges.run(update).map(c -> new Settled(c, null));
            done.ifPresent(s -> {
                audit.append(entry(s.charge(), actor).build());
                announce(s.charge());
            });
            return done;
        }
        // The answer, audit row and event are rendered from the row as it will read, so all go in one
        // statement with the update.
        StoredResponse response = answer.apply(expected);
        Optional<Charge> done = idempotency.completeWith(pending.merchantId(), pending.idempotencyKey(), response,
                update.sql(), update.params(), ChargeRepository.MAPPER,
                List.of(audit.attached(entry(expected, actor).build()), announcement(expected)));
        if (done.isPresent() && !done.get().equals(expected)) {
            // Never store an answer (or a record) that differs from the row: roll back, leave it to recovery.
            throw new IllegalStateException("charge " + pending.id() + " settled differently than rendered");
        }
        return done.map(c -> new Settled(c, response));
    }

    /**
     * The webhook event of a settled charge, in the outcome's transaction (one statement, nothing
     * written when no endpoint listens): {@code charge.succeeded} when authorized or captured,
     * {@code charge.failed} when declined or failed. Ids, amounts and codes only.
     */
    private void announce(Charge c) {
        webhooks.record(c.merchantId(), eventType(c), eventData(c));
    }

    private AttachedWrite announcement(Charge c) {
        return webhooks.attached(c.merchantId(), eventType(c), eventData(c));
    }

    static String eventType(Charge c) {
        boolean succeeded = Charge.AUTHORIZED.equals(c.status()) || Charge.CAPTURED.equals(c.status());
        return succeeded ? WebhookEventTypes.CHARGE_SUCCEEDED : WebhookEventTypes.CHARGE_FAILED;
    }

    static Map<String, Object> eventData(Charge c) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("object", "charge");
        data.put("id", c.id());
        data.put("amount", c.amount());
        data.put("currency", c.currency());
        data.put("status", c.status());
        data.put("captured_amount", c.capturedAmount());
        data.put("channel", c.channel());
        data.put("reference", c.reference());
        data.put("decline_code", c.declineCode());
        data.put("failure_code", c.failureCode());
        return data;
    }

    /** {@code charge.<status>} with the facts a reviewer needs: amount, currency, codes, token row. */
    static AuditEntry.Builder entry(Charge c, Actor actor) {
        return AuditEntry.of(actor, "charge." + c.status()).merchant(c.merchantId()).subject("charge", c.id())
                .detail("amount", c.amount()).detail("currency", c.currency()).detail("channel", c.channel())
                .detail("token_id", c.tokenId()).detail("captured_amount", c.capturedAmount() > 0 ? c.capturedAmount()
                        : null)
                .detail("decline_code", c.declineCode()).detail("failure_code", c.failureCode());
    }
}
