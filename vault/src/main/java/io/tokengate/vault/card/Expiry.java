package io.tokengate.vault.card;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * A card's expiry month. A card is valid through the last day of that month, judged in the time
 * zone of the {@link Clock} the caller passes (use the same clock, normally UTC, everywhere).
 *
 * @param month 1 to 12
 * @param year four digits, {@value #MIN_YEAR} to {@value #MAX_YEAR}
 */
public record Expiry(int month, int year) {

    /** Earliest year accepted. */
    public static final int MIN_YEAR = 2000;
    /** Latest year accepted. */
    public static final int MAX_YEAR = 2099;

    /**
     * Validates the fields; does not look at the clock (a stored card may have expired since).
     *
     * @throws InvalidCardException with {@link InvalidCardReason#EXPIRY_INVALID} when a field is
     *     out of range
     */
    public Expiry {
        if (month < 1 || month > 12 || year < MIN_YEAR || year > MAX_YEAR) {
            throw new InvalidCardException(InvalidCardReason.EXPIRY_INVALID);
        }
    }

    /**
     * Creates an expiry that has not passed on {@code clock}'s current date; use at checkout.
     *
     * @throws InvalidCardException with {@code EXPIRY_INVALID} for a bad field or {@code
     *     EXPIRY_PAST} for a card that expired before the current month
     */
    public static Expiry notExpired(int month, int year, Clock clock) {
        Expiry expiry = new Expiry(month, year);
        if (expiry.isExpired(clock)) {
            throw new InvalidCardException(InvalidCardReason.EXPIRY_PAST);
        }
        return expiry;
    }

    /**
     * Parses {@code MM/YY} or {@code MM/YYYY} (spaces around the slash allowed); a two-digit year
     * means 20YY.
     *
     * @throws InvalidCardException with {@code EXPIRY_INVALID} for any other form or a bad field
     */
    public static Expiry parse(String input) {
        if (input == null) {
            throw new InvalidCardException(InvalidCardReason.EXPIRY_INVALID);
        }
        int slash = input.indexOf('/');
        if (slash < 0) {
            throw new InvalidCardException(InvalidCardReason.EXPIRY_INVALID);
        }
        String monthPart = input.substring(0, slash).strip();
        String yearPart = input.substring(slash + 1).strip();
        if (monthPart.isEmpty() || monthPart.length() > 2
                || (yearPart.length() != 2 && yearPart.length() != 4)) {
            throw new InvalidCardException(InvalidCardReason.EXPIRY_INVALID);
        }
        int month = asciiNumber(monthPart);
        int year = asciiNumber(yearPart);
        return new Expiry(month, yearPart.length() == 2 ? 2000 + year : year);
    }

    /** Whether the last day of the expiry month lies before today's date on {@code clock}. */
    public boolean isExpired(Clock clock) {
        return YearMonth.now(clock).isAfter(yearMonth());
    }

    /** The last day on which the card is valid. */
    public LocalDate lastValidDay() {
        return yearMonth().atEndOfMonth();
    }

    /** The expiry as a {@link YearMonth}. */
    public YearMonth yearMonth() {
        return YearMonth.of(year, month);
    }

    /** {@code MM/YYYY}, e.g. {@code 09/2029}. */
    @Override
    public String toString() {
        return String.format("%02d/%04d", month, year);
    }

    private static int asciiNumber(String s) {
        int value = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                throw new InvalidCardException(InvalidCardReason.EXPIRY_INVALID);
            }
            value = value * 10 + d;
        }
        return value;
    }
}
