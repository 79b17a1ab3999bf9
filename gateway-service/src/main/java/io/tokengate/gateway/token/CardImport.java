package io.tokengate.gateway.token;

import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.Expiry;
import io.tokengate.vault.card.InvalidCardException;
import io.tokengate.vault.card.InvalidCardReason;
import io.tokengate.vault.card.Pan;
import java.util.Map;

/**
 * Turns the fields of a card import into a vault payload, refusing bad input with {@code card_invalid},
 * the field at fault ({@code number}, {@code exp_month}, {@code exp_year}, {@code cardholder_name})
 * and the vault's reason code. No message ever repeats what was sent.
 */
final class CardImport {

    private CardImport() {
    }

    static CardPayload payload(TokenViews.ImportCard body) {
        if (body.number() == null) {
            throw ApiException.missing("number");
        }
        if (body.expMonth() == null) {
            throw ApiException.missing("exp_month");
        }
        if (body.expYear() == null) {
            throw ApiException.missing("exp_year");
        }
        Pan pan;
        try {
            pan = Pan.parse(body.number());
        } catch (InvalidCardException e) {
            throw invalid("number", e.reason(), switch (e.reason()) {
                case PAN_CHARACTERS -> "The card number may hold only digits, spaces and dashes.";
                case PAN_LENGTH -> "The card number has a length that no card network issues.";
                case PAN_LUHN -> "The card number fails its check digit; look for a mistyped digit.";
                default -> "The card number is missing.";
            });
        }
        if (body.expMonth() < 1 || body.expMonth() > 12) {
            throw invalid("exp_month", InvalidCardReason.EXPIRY_INVALID, "exp_month must be 1 to 12.");
        }
        if (body.expYear() < Expiry.MIN_YEAR || body.expYear() > Expiry.MAX_YEAR) {
            throw invalid("exp_year", InvalidCardReason.EXPIRY_INVALID,
                    "exp_year must be a four-digit year from " + Expiry.MIN_YEAR + " to " + Expiry.MAX_YEAR + ".");
        }
        Expiry expiry = new Expiry(body.expMonth(), body.expYear());
        try {
            return new CardPayload(pan, expiry, body.cardholderName());
        } catch (InvalidCardException e) {
            throw invalid("cardholder_name", e.reason(), e.reason() == InvalidCardReason.NAME_TOO_LONG
                    ? "cardholder_name may have at most " + CardPayload.MAX_NAME_CODE_POINTS + " characters."
                    : "cardholder_name holds control or unassigned characters.");
        }
    }

    private static ApiException invalid(String param, InvalidCardReason reason, String detail) {
        return new ApiException(ErrorCode.CARD_INVALID, detail, param, Map.of("reason", reason.code()));
    }
}
