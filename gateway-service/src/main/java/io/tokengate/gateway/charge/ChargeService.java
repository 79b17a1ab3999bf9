package io.tokengate.gateway.charge;

import io.tokengate.gateway.acquirer.Acquirer;
import io.tokengate.gateway.acquirer.AuthorizationRequest;
import io.tokengate.gateway.idempotency.Claim;
import io.tokengate.gateway.idempotency.IdempotencyStore;
import io.tokengate.gateway.idempotency.StoredResponse;
import io.tokengate.gateway.token.ChargeableCard;
import io.tokengate.gateway.token.Tokens;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.vault.card.CardPayload;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Charging a token, in the two commits the hot-path rules allow and no more:
 * <ol>
 *   <li>{@link #begin} ({@link ChargeAdmission}): check the ACL (before the card is touched),
 *       reserve the token, claim the Idempotency-Key and record the pending charge (one statement),
 *       record that its card is being opened; commit.</li>
 *   <li>{@link #complete}: open the card and call the acquirer with no connection held; then record
 *       the outcome together with the answer stored under the key (one statement) and its audit
 *       row; commit.</li>
 * </ol>
 * On the common path both commits are group commits shared with concurrent charges
 * ({@link AdmissionBatch}, {@link ApprovalBatch}): the same rows, one statement and one commit per
 * batch, and each request goes on only once the batch holding its rows has committed.
 * A crash between the two leaves a {@code pending} charge and an in-progress key, which
 * {@link ChargeRecovery} resolves by asking the acquirer.
 */
@Service
public class ChargeService {

    private final TransactionTemplate tx;
    private final ChargeAdmission admission;
    private final IdempotencyStore idempotency;
    private final Tokens tokens;
    private final ChargeRepository charges;
    private final ChargeOutcomes outcomes;
    private final ApprovalBatch approvals;
    private final ChargeResponses responses;
    private final Acquirer acquirer;
    private final Clock clock;

    ChargeService(TransactionTemplate tx, ChargeAdmission admission, IdempotencyStore idempotency, Tokens tokens,
                  ChargeRepository charges, ChargeOutcomes outcomes, ApprovalBatch approvals, ChargeResponses responses,
                  Acquirer acquirer, Clock clock) {
        this.tx = tx;
        this.admission = admission;
        this.idempotency = idempotency;
        this.tokens = tokens;
        this.charges = charges;
        this.outcomes = outcomes;
        this.approvals = approvals;
        this.responses = responses;
        this.acquirer = acquirer;
        this.clock = clock;
    }

    /** The whole charge: 201 with the charge, 402 {@code card_declined}, or a replayed answer. */
    public ResponseEntity<byte[]> create(ChargeContext context, ChargeRequest request) {
        return create(context, request, false);
    }

    /**
     * {@link #create(ChargeContext, ChargeRequest)} for a caller that has just authenticated the
     * cardholder (the hosted checkout after a passed challenge), which the acquirer is told.
     */
    public ResponseEntity<byte[]> create(ChargeContext context, ChargeRequest request,
                                         boolean cardholderAuthenticated) {
        Begun begun = begin(context, request, cardholderAuthenticated);
        if (begun instanceof Begun.Answered answered) {
            return context.idempotency().answer(answered.claim());
        }
        if (context.idempotency() != null) {
            context.idempotency().recordedByService();
        }
        return complete(context, ((Begun.Started) begun).pending()).toResponse();
    }

    /** What phase one did: started a pending charge, or found the key already answered or busy. */
    public sealed interface Begun {
        record Started(Pending pending) implements Begun {
        }

        record Answered(Claim claim) implements Begun {
        }
    }

    /** A committed pending charge with its (still sealed) card, waiting for phase two. */
    public static final class Pending {
        private final Charge charge;
        private final ChargeableCard card;
        private final String token;
        private final boolean cardholderAuthenticated;

        Pending(Charge charge, ChargeableCard card, String token, boolean cardholderAuthenticated) {
            this.charge = charge;
            this.card = card;
            this.token = token;
            this.cardholderAuthenticated = cardholderAuthenticated;
        }

        public String chargeId() {
            return charge.id();
        }

        Charge charge() {
            return charge;
        }

        @Override
        public String toString() {
            return "Pending[" + charge.id() + "]";
        }
    }

    /**
     * Phase one, in its own transaction. Any refusal (validation, ACL, token) rolls everything back,
     * the key's claim included. The key is claimed by the statement that records the pending
     * charge (one round trip for both); a request whose key turns out to be taken, or that was
     * refused while its key holds an answer, gets the key's answer instead: a replay, 409 in
     * progress or 422 reused.
     */
    public Begun begin(ChargeContext context, ChargeRequest request) {
        return begin(context, request, false);
    }

    private Begun begin(ChargeContext context, ChargeRequest request, boolean cardholderAuthenticated) {
        return admission.begin(context, request, cardholderAuthenticated);
    }

    /**
     * Phase two: the acquirer call with no connection held, then the outcome in one transaction.
     *
     * @return the answer to send (and stored under the key): 201 or 402
     * @throws ApiException 502 {@code acquirer_unavailable} when the acquirer failed (the charge is
     *                      {@code failed}, the key released) or gave no answer (the charge stays
     *                      {@code pending} for recovery and the key stays in progress)
     */
    public StoredResponse complete(ChargeContext context, Pending pending) {
        AcquirerOutcome outcome = authorize(pending);
        Charge charge = pending.charge();
        Function<Charge, StoredResponse> answer = c -> render(c, pending.token, context.requestId());
        return switch (outcome) {
            case AcquirerOutcome.Unknown u -> throw new ApiException(ErrorCode.ACQUIRER_UNAVAILABLE,
                    "The card network did not answer in time; the outcome is being confirmed. Retry with the same "
                            + "Idempotency-Key to get it.", null, Map.of("charge", charge.id()));
            case AcquirerOutcome.Failed f -> {
                tx.executeWithoutResult(status -> {
                    outcomes.failed(charge, f.failureCode(), context.actor());
                    if (charge.idempotencyKey() != null) {
                        idempotency.release(charge.merchantId(), charge.idempotencyKey());
                    }
                });
                throw new ApiException(ErrorCode.ACQUIRER_UNAVAILABLE, "The card network reported a processing "
                        + "error; nothing was charged. Retry with the same Idempotency-Key.", null,
                        Map.of("charge", charge.id()));
            }
            case AcquirerOutcome.Approved a -> {
                Instant at = now();
                yield answer(pending, answer, approvals.record(charge, a.acquirerReference(), at, context.actor(),
                        answer, () -> tx.execute(status -> outcomes.approved(charge, a.acquirerReference(),
                                charge.captureRequested(), at, context.actor(), answer))));
            }
            case AcquirerOutcome.Declined d -> answer(pending, answer, tx.execute(status ->
                    outcomes.declined(charge, d.declineCode(), context.actor(), answer)));
        };
    }

    private StoredResponse answer(Pending pending, Function<Charge, StoredResponse> answer,
                                  Optional<ChargeOutcomes.Settled> outcome) {
        return outcome
                .map(settled -> settled.response() != null ? settled.response() : answer.apply(settled.charge()))
                // Empty: recovery settled the charge first (and completed its key); answer with what it decided.
                .orElseGet(() -> answer.apply(charges.find(pending.charge().merchantId(), pending.charge().id())
                        .orElseThrow()));
    }

    /** Timestamps of outcomes come from the gateway's clock, so the answer can be rendered before the write. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    StoredResponse render(Charge charge, String token, String requestId) {
        if (Charge.DECLINED.equals(charge.status())) {
            return responses.declined(charge.id(), charge.declineCode(),
                    "The card was declined (" + charge.declineCode() + ").", requestId);
        }
        return responses.charge(201, charge, token);
    }

    private AcquirerOutcome authorize(Pending pending) {
        Charge charge = pending.charge();
        CardPayload card = tokens.openCard(pending.card);
        try {
            return AcquirerOutcome.of(acquirer.authorize(new AuthorizationRequest(charge.id(), card, charge.amount(),
                    charge.currency(), charge.captureRequested(), charge.merchantInitiated(),
                    pending.cardholderAuthenticated)));
        } finally {
            card = null; // dropped: nothing keeps the opened card past the call
        }
    }
}
