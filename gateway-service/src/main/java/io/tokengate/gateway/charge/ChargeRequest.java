package io.tokengate.gateway.charge;

/**
 * A request to charge a token (the body of {@code POST /v1/charges}), as received: unchecked.
 *
 * @param amount   positive integer in minor units
 * @param capture  capture with the authorization; default {@code true}
 * @param channel  {@code customer_initiated} (default) or {@code merchant_initiated}
 */
public record ChargeRequest(String token, Long amount, String currency, Boolean capture, String description,
                            String reference, String channel) {

    // The generated toString would print the token value, which no log may hold.
    @Override
    public String toString() {
        return "ChargeRequest[amount=" + amount + " " + currency + ", capture=" + capture + ", channel=" + channel + "]";
    }
}
