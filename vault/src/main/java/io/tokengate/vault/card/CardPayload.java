package io.tokengate.vault.card;

import java.util.Objects;
import java.util.Optional;

/**
 * What the vault seals for one card: the number, the expiry and the optional cardholder name.
 *
 * <p>The name is stripped of surrounding whitespace; an empty name counts as absent ({@code
 * null}). It may hold at most {@value #MAX_NAME_CODE_POINTS} Unicode code points and no control,
 * format (for example bidirectional overrides), separator, private-use, unassigned or lone
 * surrogate characters. Whether the card has expired is not checked here, so a stored card that has
 * since expired can still be opened; {@code CardVault.seal} refuses expired cards.
 *
 * <p>Guarantees: {@link #toString()} masks the number and hides the name; not {@link
 * java.io.Serializable}; no bean getters for a JSON mapper to find.
 */
public final class CardPayload {

    /** Most code points a cardholder name may have. */
    public static final int MAX_NAME_CODE_POINTS = 100;

    private final Pan pan;
    private final Expiry expiry;
    private final String cardholderName;

    /**
     * Creates a payload.
     *
     * @throws NullPointerException if {@code pan} or {@code expiry} is null
     * @throws InvalidCardException with {@link InvalidCardReason#NAME_TOO_LONG} or {@code
     *     NAME_INVALID} for a bad cardholder name
     */
    public CardPayload(Pan pan, Expiry expiry, String cardholderName) {
        this.pan = Objects.requireNonNull(pan, "pan");
        this.expiry = Objects.requireNonNull(expiry, "expiry");
        this.cardholderName = normalizeName(cardholderName);
    }

    /** The card number. */
    public Pan pan() {
        return pan;
    }

    /** The expiry month. */
    public Expiry expiry() {
        return expiry;
    }

    /** The normalized cardholder name, or {@code null} when none was given. */
    public String cardholderName() {
        return cardholderName;
    }

    /** The normalized cardholder name, if one was given. */
    public Optional<String> cardholderNameIfPresent() {
        return Optional.ofNullable(cardholderName);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CardPayload that
                && pan.equals(that.pan)
                && expiry.equals(that.expiry)
                && Objects.equals(cardholderName, that.cardholderName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pan, expiry, cardholderName == null ? 0 : cardholderName.length());
    }

    @Override
    public String toString() {
        return "CardPayload[pan=" + pan + ", expiry=" + expiry
                + ", cardholderName=" + (cardholderName == null ? "absent" : "***") + "]";
    }

    private static String normalizeName(String raw) {
        if (raw == null) {
            return null;
        }
        // Bound the work before stripping: a name is short, a megabyte of input is an attack.
        if (raw.length() > MAX_NAME_CODE_POINTS * 4) {
            throw new InvalidCardException(InvalidCardReason.NAME_TOO_LONG);
        }
        String name = raw.strip();
        if (name.isEmpty()) {
            return null;
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_CODE_POINTS) {
            throw new InvalidCardException(InvalidCardReason.NAME_TOO_LONG);
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!allowedInName(cp)) {
                throw new InvalidCardException(InvalidCardReason.NAME_INVALID);
            }
            i += Character.charCount(cp);
        }
        return name;
    }

    private static boolean allowedInName(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE, Character.SURROGATE,
                    Character.UNASSIGNED -> false;
            default -> true;
        };
    }
}
