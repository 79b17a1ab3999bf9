package io.tokengate.gateway.acquirer;

/**
 * The acquirer's record of one operation, as {@link Acquirer#lookup} reports it.
 *
 * @param kind   {@code authorization} or {@code refund}
 * @param status for an authorization {@code authorized}, {@code captured} or {@code voided}; for a
 *               refund {@code succeeded}
 */
public record AcquirerTransaction(String reference, String acquirerReference, String kind, String status,
                                  long amount, long capturedAmount, long refundedAmount) {

    public boolean captured() {
        return "captured".equals(status);
    }

    public boolean voided() {
        return "voided".equals(status);
    }
}
