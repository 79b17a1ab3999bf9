package io.tokengate.gateway.charge;

import io.tokengate.gateway.acquirer.AcquirerResult;

/**
 * An acquirer answer as the charge feature acts on it. A timeout is {@link Unknown}: the operation
 * may have happened, so nothing is given back and the recovery job settles it by lookup once the
 * acquirer has surely finished.
 */
sealed interface AcquirerOutcome {

    record Approved(String acquirerReference) implements AcquirerOutcome {
    }

    record Declined(String declineCode) implements AcquirerOutcome {
    }

    /** The acquirer reported a failure: nothing happened, the same request may be retried. */
    record Failed(String failureCode) implements AcquirerOutcome {
    }

    record Unknown() implements AcquirerOutcome {
    }

    static AcquirerOutcome of(AcquirerResult result) {
        return switch (result) {
            case AcquirerResult.Approved a -> new Approved(a.acquirerReference());
            case AcquirerResult.Declined d -> new Declined(d.code().code());
            case AcquirerResult.ProcessingError e -> new Failed("processing_error");
            case AcquirerResult.Timeout t -> new Unknown();
        };
    }
}
