package io.tokengate.gateway.acquirer;

/** What the acquirer knows about a reference. */
public sealed interface LookupResult {

    /** The acquirer holds an operation under this reference. */
    record Found(AcquirerTransaction transaction) implements LookupResult {
    }

    /** Nothing happened under this reference. */
    record NotFound() implements LookupResult {
    }

    /** The acquirer could not answer; try again later. */
    record Unavailable(String reason) implements LookupResult {
    }
}
