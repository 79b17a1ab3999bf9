package io.tokengate.gateway.acquirer;

import java.util.Objects;

/** The answer to an authorization, capture, void or refund. */
public sealed interface AcquirerResult {

    /** Done; {@code acquirerReference} names it at the acquirer. */
    record Approved(String acquirerReference) implements AcquirerResult {
        public Approved {
            Objects.requireNonNull(acquirerReference, "acquirerReference");
        }
    }

    /** Refused for good; retrying the same request will be refused again. */
    record Declined(DeclineCode code) implements AcquirerResult {
        public Declined {
            Objects.requireNonNull(code, "code");
        }
    }

    /** The acquirer says it failed and nothing happened; the same request may be retried. */
    record ProcessingError(String reason) implements AcquirerResult {
    }

    /** No answer in time: the operation may or may not have happened (ask {@link Acquirer#lookup}). */
    record Timeout() implements AcquirerResult {
    }
}
