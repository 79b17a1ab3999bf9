package io.tokengate.gateway.token;

/** Request shapes of the token API (snake_case on the wire); the response is {@link TokenView}. */
final class TokenViews {

    private TokenViews() {
    }

    /** Body of {@code POST /ops/merchants/{id}/cards}. */
    record ImportCard(String number, Integer expMonth, Integer expYear, String cardholderName,
                      TokenControls controls, String format) {

        // A record's generated toString would print the card number.
        @Override
        public String toString() {
            return "ImportCard[number=***, exp=" + expMonth + "/" + expYear + ", format=" + format + "]";
        }
    }
}
