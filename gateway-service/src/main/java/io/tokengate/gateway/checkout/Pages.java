package io.tokengate.gateway.checkout;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** Paths and display helpers of the hosted pages. */
final class Pages {

    static final String BASE = "/checkout/";

    private Pages() {
    }

    static String pagePath(String id) {
        return BASE + id;
    }

    static String challengePath(String id) {
        return BASE + id + "/challenge";
    }

    static String cancelPath(String id) {
        return BASE + id + "/cancel";
    }

    /** Whether a path segment can be a session id at all (before any database lookup). */
    static boolean wellFormedId(String id) {
        return id != null && id.matches("cs_[A-Za-z0-9]{16,40}");
    }

    /** The network's name as a shopper knows it. */
    static String brandName(String brand) {
        return switch (brand) {
            case "visa" -> "Visa";
            case "mastercard" -> "Mastercard";
            case "amex" -> "American Express";
            case "discover" -> "Discover";
            case "jcb" -> "JCB";
            case "diners" -> "Diners Club";
            case "unionpay" -> "UnionPay";
            default -> "card";
        };
    }

    /** {@code 1,234.50 EUR}: minor units shown with the currency's own number of decimals. */
    static String amount(long minor, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        NumberFormat format = NumberFormat.getNumberInstance(Locale.ENGLISH);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(minor, digits)) + " " + currency;
    }
}
