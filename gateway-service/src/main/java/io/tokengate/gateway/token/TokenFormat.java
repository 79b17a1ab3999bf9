package io.tokengate.gateway.token;

import io.tokengate.gateway.web.ApiException;

/**
 * How a token value looks. {@link #OPAQUE}: {@code tok_} and 24 base62 characters. {@link
 * #FORMAT_PRESERVING}: digits only, as long as the card number, with its last four digits, failing
 * the Luhn check and matching no card network, for legacy systems that insist on a card-shaped
 * field. Both are random: neither reveals anything of the card beyond what the last four show.
 */
public enum TokenFormat {
    OPAQUE("opaque"),
    FORMAT_PRESERVING("format_preserving");

    private final String apiName;

    TokenFormat(String apiName) {
        this.apiName = apiName;
    }

    /** The stable name in API bodies and in {@code tokens.format}. */
    public String apiName() {
        return apiName;
    }

    /** Parses the API name; {@code null} means {@link #OPAQUE}. */
    public static TokenFormat fromApiName(String name, String param) {
        if (name == null) {
            return OPAQUE;
        }
        for (TokenFormat f : values()) {
            if (f.apiName.equals(name)) {
                return f;
            }
        }
        throw ApiException.invalid(param, param + " must be opaque or format_preserving.");
    }
}
