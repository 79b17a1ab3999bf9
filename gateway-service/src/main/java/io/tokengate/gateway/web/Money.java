package io.tokengate.gateway.web;

import java.util.Currency;
import java.util.Set;

/**
 * Validation of money on the way in: amounts are positive integers in minor units; currencies are
 * upper-case ISO 4217 codes the JDK knows, with minor units (so {@code XXX}-style codes and
 * funds codes without a fraction-digit definition are refused).
 */
public final class Money {

    /** 10^15 minor units: far beyond any card charge, far below overflow when amounts are summed. */
    public static final long MAX_AMOUNT = 1_000_000_000_000_000L;
    private static final Set<String> NON_CURRENCIES = Set.of("XXX", "XTS", "XAU", "XAG", "XPD", "XPT", "XDR",
            "XBA", "XBB", "XBC", "XBD", "XSU", "XUA");

    private Money() {
    }

    public static long amount(Long amount, String param) {
        if (amount == null) {
            throw new ApiException(ErrorCode.PARAMETER_MISSING, "The parameter '" + param + "' is required.", param);
        }
        if (amount <= 0 || amount > MAX_AMOUNT) {
            throw new ApiException(ErrorCode.AMOUNT_INVALID,
                    "'" + param + "' must be a positive integer in minor units (e.g. 1050 for 10.50 EUR).", param);
        }
        return amount;
    }

    public static String currency(String code, String param) {
        if (code == null) {
            throw new ApiException(ErrorCode.PARAMETER_MISSING, "The parameter '" + param + "' is required.", param);
        }
        if (!isThreeUpperCaseLetters(code) || NON_CURRENCIES.contains(code)) {
            throw new ApiException(ErrorCode.CURRENCY_INVALID,
                    "'" + param + "' must be an upper-case ISO 4217 currency code such as EUR or USD.", param);
        }
        try {
            Currency currency = Currency.getInstance(code);
            if (currency.getDefaultFractionDigits() < 0) {
                throw new ApiException(ErrorCode.CURRENCY_INVALID,
                        "The currency " + code + " has no minor unit and cannot be charged.", param);
            }
            return code;
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.CURRENCY_INVALID,
                    "'" + param + "' must be an ISO 4217 currency code such as EUR or USD.", param);
        }
    }

    private static boolean isThreeUpperCaseLetters(String code) {
        return code.length() == 3 && isUpperAscii(code.charAt(0)) && isUpperAscii(code.charAt(1))
                && isUpperAscii(code.charAt(2));
    }

    private static boolean isUpperAscii(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
