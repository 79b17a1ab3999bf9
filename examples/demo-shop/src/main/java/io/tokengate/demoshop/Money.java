package io.tokengate.demoshop;

import java.math.BigDecimal;
import java.util.Currency;

/** Minor units to text: 1250 EUR is "12.50 EUR", 1000 JPY is "1000 JPY". */
final class Money {

    private Money() {
    }

    static String format(long minorUnits, String currency) {
        int digits = Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        return BigDecimal.valueOf(minorUnits, digits).toPlainString() + " " + currency;
    }
}
