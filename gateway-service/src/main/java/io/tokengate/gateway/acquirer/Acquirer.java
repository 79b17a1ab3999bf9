package io.tokengate.gateway.acquirer;

/**
 * The port to the card network. Every operation names the gateway's own {@code reference} (the
 * charge id, the refund id, the verification reference), so a retried call is recognised by the
 * acquirer and {@link #lookup} can tell afterwards whether it happened.
 *
 * <p>Implementations answer with typed results and never throw for an acquirer-side problem: a
 * refusal is {@code Declined}, a failure the acquirer reports is {@code ProcessingError}
 * (retryable), and no answer within {@code tokengate.acquirer.timeout} is {@code Timeout}, whose
 * outcome is unknown. Callers hold no database connection while calling.
 */
public interface Acquirer {

    /** Authorizes (and, when {@code capture} is set, captures) a charge. */
    AcquirerResult authorize(AuthorizationRequest request);

    /** Captures {@code amount} (at most the authorized amount) of an authorization, once. */
    AcquirerResult capture(String reference, String acquirerReference, long amount);

    /** Releases an authorization that was not captured. */
    AcquirerResult voidAuthorization(String reference, String acquirerReference);

    /** Refunds part or all of a captured charge; {@code request.reference()} is the refund's id. */
    AcquirerResult refund(RefundRequest request);

    /** Zero-amount account verification, optionally with the card security code (hosted checkout). */
    VerificationResult verify(VerificationRequest request);

    /** Answers the cardholder challenge of a verification that returned {@code AuthenticationRequired}. */
    ChallengeResult completeChallenge(String challengeId, String passcode);

    /** What the acquirer knows about {@code reference}: used to resolve operations whose outcome is unknown. */
    LookupResult lookup(String reference);
}
