package io.tokengate.gateway.token;

import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.Money;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The domain controls a token carries for life, fixed when it is issued: single or multi use, an
 * optional expiry, an optional maximum amount per charge (amount and currency together), and the
 * channel it may be charged on. JSON shape (snake_case): {@code usage}, {@code expires_at},
 * {@code max_amount}, {@code max_amount_currency}, {@code channel}.
 *
 * <p>Instances bound from a request are unchecked; {@link #validated(String, Instant)} checks them and
 * fills the defaults ({@code multi_use}, channel {@code any}).
 */
public record TokenControls(String usage, Instant expiresAt, Long maxAmount, String maxAmountCurrency,
                            String channel) {

    public static final String SINGLE_USE = "single_use";
    public static final String MULTI_USE = "multi_use";
    public static final String CUSTOMER_INITIATED = "customer_initiated";
    public static final String MERCHANT_INITIATED = "merchant_initiated";
    public static final String ANY = "any";

    private static final Set<String> USAGES = Set.of(SINGLE_USE, MULTI_USE);
    private static final Set<String> CHANNELS = Set.of(CUSTOMER_INITIATED, MERCHANT_INITIATED, ANY);

    /** Multi-use, no expiry, no maximum, any channel. */
    public static TokenControls defaults() {
        return new TokenControls(MULTI_USE, null, null, null, ANY);
    }

    /** {@code null} means the defaults; otherwise {@link #validated(String, Instant)}. */
    public static TokenControls orDefaults(TokenControls requested, String paramPrefix, Instant now) {
        return requested == null ? defaults() : requested.validated(paramPrefix, now);
    }

    /**
     * A checked copy with the defaults filled in.
     *
     * @param paramPrefix the name of the object in the request (e.g. {@code controls}), so an error
     *                    names the field as the caller wrote it ({@code controls.max_amount})
     * @throws ApiException {@code parameter_invalid}, {@code amount_invalid}, {@code currency_invalid}
     *                      or {@code parameter_missing} naming the field at fault
     */
    public TokenControls validated(String paramPrefix, Instant now) {
        Objects.requireNonNull(now, "now");
        String p = paramPrefix == null || paramPrefix.isEmpty() ? "" : paramPrefix + ".";
        String u = usage == null ? MULTI_USE : usage;
        if (!USAGES.contains(u)) {
            throw ApiException.invalid(p + "usage", "usage must be single_use or multi_use.");
        }
        String c = channel == null ? ANY : channel;
        if (!CHANNELS.contains(c)) {
            throw ApiException.invalid(p + "channel", "channel must be customer_initiated, merchant_initiated or any.");
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ApiException.invalid(p + "expires_at", "expires_at must be in the future.");
        }
        if ((maxAmount == null) != (maxAmountCurrency == null)) {
            String absent = maxAmount == null ? "max_amount" : "max_amount_currency";
            throw ApiException.invalid(p + absent, "max_amount and max_amount_currency go together: give both or neither.");
        }
        if (maxAmount != null) {
            Money.amount(maxAmount, p + "max_amount");
            Money.currency(maxAmountCurrency, p + "max_amount_currency");
        }
        return new TokenControls(u, expiresAt, maxAmount, maxAmountCurrency, c);
    }

    public boolean singleUse() {
        return SINGLE_USE.equals(usage);
    }

    /** Whether a charge on {@code requested} (customer_initiated or merchant_initiated) is allowed. */
    public boolean allowsChannel(String requested) {
        return ANY.equals(channel) || channel.equals(requested);
    }
}
