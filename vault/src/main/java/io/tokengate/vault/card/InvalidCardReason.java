package io.tokengate.vault.card;

/**
 * Why card input was refused. Each reason has a stable lowercase {@link #code()} for API error
 * bodies and the name of the input field at fault ({@link #param()}), so callers can map a
 * refusal to a response without ever echoing the input back.
 */
public enum InvalidCardReason {
    /** No card number was given. */
    PAN_MISSING("pan_missing", "pan"),
    /** The card number holds something other than digits, spaces and dashes. */
    PAN_CHARACTERS("pan_characters", "pan"),
    /** The card number has fewer than 12 or more than 19 digits, or a length its brand never issues. */
    PAN_LENGTH("pan_length", "pan"),
    /** The card number fails the Luhn check. */
    PAN_LUHN("pan_luhn", "pan"),
    /** Month or year of the expiry date is out of range or unreadable. */
    EXPIRY_INVALID("expiry_invalid", "expiry"),
    /** The card expired before the end of the current month. */
    EXPIRY_PAST("expiry_past", "expiry"),
    /** The cardholder name has more than {@value CardPayload#MAX_NAME_CODE_POINTS} characters. */
    NAME_TOO_LONG("name_too_long", "cardholder_name"),
    /** The cardholder name holds control, format or unassigned characters. */
    NAME_INVALID("name_invalid", "cardholder_name"),
    /** The security code is not 3 or 4 digits. */
    CVC_INVALID("cvc_invalid", "cvc"),
    /** The security code has the wrong length for the card's brand. */
    CVC_LENGTH("cvc_length", "cvc");

    private final String code;
    private final String param;

    InvalidCardReason(String code, String param) {
        this.code = code;
        this.param = param;
    }

    /** Stable machine-readable code, e.g. {@code pan_luhn}. */
    public String code() {
        return code;
    }

    /** Name of the input field at fault, e.g. {@code pan}. */
    public String param() {
        return param;
    }
}
