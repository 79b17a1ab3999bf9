package io.tokengate.gateway.charge;

import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.idempotency.Claim;
import io.tokengate.gateway.idempotency.IdempotencyStore;
import io.tokengate.gateway.idempotency.IdempotentRequest;
import io.tokengate.gateway.merchant.AclEnforcer;
import io.tokengate.gateway.token.ChargeableCard;
import io.tokengate.gateway.token.TokenRefusals;
import io.tokengate.gateway.token.TokenRefusedException;
import io.tokengate.gateway.token.Tokens;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.Ids;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Phase one of a charge ({@link ChargeService#begin}): validate, check the ACL
 * (before the card is touched), reserve the token, then claim the Idempotency-Key and record the
 * pending charge in a single statement, and record that the card is about to be opened.
 *
 * <p>When the checks have nothing to write (no daily cap to reserve, no single-use token to spend),
 * they run without a transaction, the token read shared with concurrent charges, and the claim, the
 * pending charge and the audit row go to {@link AdmissionBatch}, one statement and one commit for
 * every concurrent charge.
 *
 * <p>Claiming the key last saves a round trip on every charge; the price is paid only by requests
 * whose key is taken: they roll back and get the key's answer (a replay, 409 in progress, 422
 * reused), which also takes precedence over a refusal met on the way, so a retried request is
 * answered as the first time.
 */
@Component
class ChargeAdmission {

    private static final String ROUTE = "POST /v1/charges";

    private final TransactionTemplate tx;
    private final IdempotencyStore idempotency;
    private final AclEnforcer acl;
    private final Tokens tokens;
    private final TokenRefusals refusals;
    private final AdmissionBatch batch;

    ChargeAdmission(TransactionTemplate tx, IdempotencyStore idempotency, AclEnforcer acl, Tokens tokens,
                    TokenRefusals refusals, AdmissionBatch batch) {
        this.tx = tx;
        this.idempotency = idempotency;
        this.acl = acl;
        this.tokens = tokens;
        this.refusals = refusals;
        this.batch = batch;
    }

    ChargeService.Begun begin(ChargeContext context, ChargeRequest request, boolean cardholderAuthenticated) {
        IdempotentRequest key = context.idempotency();
        for (int attempt = 0; ; attempt++) {
            try {
                Checked checked = checkWithoutWriting(context, request)
                        .orElseGet(() -> tx.execute(status -> phaseOne(context, request, cardholderAuthenticated)));
                if (checked instanceof Batchable b) {
                    Charge charge = batch.record(b.admission()).orElseThrow(KeyTaken::new);
                    return new ChargeService.Begun.Started(new ChargeService.Pending(charge, b.card(), b.token(),
                            cardholderAuthenticated));
                }
                return ((Recorded) checked).begun();
            } catch (KeyTaken | ApiException e) {
                if (key == null) {
                    throw e;
                }
                Optional<Claim> held = idempotency.lookup(key);
                if (held.isPresent()) {
                    if (e instanceof TokenRefusedException refused) {
                        // The answer is the stored one, but a revoked token was still presented.
                        refusals.record(refused, ROUTE);
                    }
                    return new ChargeService.Begun.Answered(held.get());
                }
                if (e instanceof ApiException refusal) {
                    throw refusal;
                }
                if (attempt > 0) {
                    return new ChargeService.Begun.Answered(new Claim.InProgress());
                }
                // The holder of the key rolled back meanwhile (or its record expired): run again.
            }
        }
    }

    /**
     * Phase one's checks outside a transaction, when they have nothing to write: no daily cap to
     * reserve, no single-use token to spend. Empty when they have, for {@link #phaseOne}.
     */
    private Optional<Checked> checkWithoutWriting(ChargeContext context, ChargeRequest request) {
        ChargeValidation.ValidCharge valid = ChargeValidation.charge(request);
        if (acl.checkChargeHasDailyCap(context.merchantId(), context.aclVersion(), valid.currency(), valid.amount(),
                valid.merchantInitiated())) {
            return Optional.empty();
        }
        return tokens.checkReusableForCharge(context.merchantId(), valid.token(), valid.amount(), valid.currency(),
                        valid.channel(), context.actor())
                .map(card -> new Batchable(admission(context, valid, card, null), card, valid.token()));
    }

    private Checked phaseOne(ChargeContext context, ChargeRequest request, boolean cardholderAuthenticated) {
        ChargeValidation.ValidCharge valid = ChargeValidation.charge(request);
        AclEnforcer.Reservation cap = acl.authorizeCharge(context.merchantId(), context.aclVersion(), valid.currency(), valid.amount(),
                valid.merchantInitiated());
        ChargeableCard card = tokens.reserveForCharge(context.merchantId(), valid.token(), valid.amount(),
                valid.currency(), valid.channel(), context.actor());
        AdmissionBatch.Admission admission = admission(context, valid, card, cap);
        if (cap == null && !card.spent()) {
            // Nothing written after all (the ACL changed since the checks outside): the next group commit records it.
            return new Batchable(admission, card, valid.token());
        }
        Charge charge = batch.recordInTransaction(admission).orElseThrow(KeyTaken::new);
        return new Recorded(new ChargeService.Begun.Started(new ChargeService.Pending(charge, card, valid.token(),
                cardholderAuthenticated)));
    }

    private static AdmissionBatch.Admission admission(ChargeContext context, ChargeValidation.ValidCharge valid,
                                                      ChargeableCard card, AclEnforcer.Reservation cap) {
        Charge draft = new Charge(Ids.generate("ch_"), context.merchantId(), card.tokenId(), valid.amount(),
                valid.currency(), Charge.PENDING, 0, 0, valid.capture(), valid.channel(), valid.description(),
                valid.reference(), null, null, null, null, null, null, null, null, context.idempotencyKey(), null,
                cap == null ? null : cap.day(), cap == null ? null : cap.stripe());
        // Recorded before the card is opened, in the commit that allows it: no opening goes unrecorded.
        AuditEntry opened = AuditEntry.of(context.actor(), "card.opened").merchant(context.merchantId())
                .subject("card", card.cardId()).detail("charge", draft.id()).detail("token_id", card.tokenId())
                .detail("purpose", "authorization").build();
        return new AdmissionBatch.Admission(draft, context.idempotency(), opened);
    }

    /** What phase one's transaction did: recorded the pending charge, or checked it and wrote nothing. */
    private sealed interface Checked {
    }

    private record Recorded(ChargeService.Begun begun) implements Checked {
    }

    /** The checks passed with nothing written: the pending charge is for {@link AdmissionBatch}. */
    private record Batchable(AdmissionBatch.Admission admission, ChargeableCard card, String token)
            implements Checked {
    }

    /** The Idempotency-Key is held by another request: roll phase one back and answer from the key. */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super("idempotency key taken", null, false, false);
        }
    }
}
