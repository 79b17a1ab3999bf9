package io.tokengate.gateway.acquirer;

import io.tokengate.vault.card.Pan;
import io.tokengate.vault.card.RawCardAccess;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The simulator's test cards: each number reaches one path of the gateway. Any other valid number
 * is approved. The table is documented in {@code docs/test-cards.md}; keep both in step.
 */
public enum TestCard {
    VISA("4242424242424242", Behaviour.APPROVE),
    VISA_DEBIT("4000056655665556", Behaviour.APPROVE),
    MASTERCARD("5555555555554444", Behaviour.APPROVE),
    MASTERCARD_2_SERIES("2223003122003222", Behaviour.APPROVE),
    AMEX("378282246310005", Behaviour.APPROVE),
    DISCOVER("6011111111111117", Behaviour.APPROVE),
    JCB("3566002020360505", Behaviour.APPROVE),
    GENERIC_DECLINE("4000000000000002", Behaviour.DECLINE_GENERIC),
    INSUFFICIENT_FUNDS("4000000000009995", Behaviour.DECLINE_INSUFFICIENT_FUNDS),
    INCORRECT_CVC("4000000000000127", Behaviour.INCORRECT_CVC),
    EXPIRED_CARD("4000000000000069", Behaviour.DECLINE_EXPIRED),
    LOST_CARD("4000000000009987", Behaviour.DECLINE_LOST),
    STOLEN_CARD("4000000000009979", Behaviour.DECLINE_STOLEN),
    PROCESSING_ERROR("4000000000000119", Behaviour.PROCESSING_ERROR),
    AUTHENTICATION_REQUIRED("4000000000003220", Behaviour.AUTHENTICATION_REQUIRED),
    SLOW("4000000000000077", Behaviour.SLOW),
    REFUND_DECLINED("4000000000005126", Behaviour.REFUND_DECLINED);

    /** What the simulator does with a card. */
    public enum Behaviour {
        APPROVE(null),
        DECLINE_GENERIC(DeclineCode.GENERIC_DECLINE),
        DECLINE_INSUFFICIENT_FUNDS(DeclineCode.INSUFFICIENT_FUNDS),
        DECLINE_EXPIRED(DeclineCode.EXPIRED_CARD),
        DECLINE_LOST(DeclineCode.LOST_CARD),
        DECLINE_STOLEN(DeclineCode.STOLEN_CARD),
        /** Verification: {@code CvcIncorrect}; charge: declined {@code incorrect_cvc}. */
        INCORRECT_CVC(null),
        /** Retryable processing error on every operation. */
        PROCESSING_ERROR(null),
        /**
         * Verification: a challenge (passcode {@code 123456}). Charge: approved when merchant-initiated
         * or when the cardholder authenticated in the same flow; otherwise declined
         * {@code authentication_required}.
         */
        AUTHENTICATION_REQUIRED(null),
        /** Approved after {@code tokengate.acquirer.simulator.slow-delay}. */
        SLOW(null),
        /** Approved and captured normally; every refund of it is declined {@code transaction_not_allowed}. */
        REFUND_DECLINED(null);

        private final DeclineCode decline;

        Behaviour(DeclineCode decline) {
            this.decline = decline;
        }

        /** The decline code when every operation with this card is a plain decline, else null. */
        DeclineCode decline() {
            return decline;
        }
    }

    private static final Map<String, TestCard> BY_NUMBER = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(TestCard::number, Function.identity()));

    private final String number;
    private final Behaviour behaviour;

    TestCard(String number, Behaviour behaviour) {
        this.number = number;
        this.behaviour = behaviour;
    }

    public String number() {
        return number;
    }

    public Behaviour behaviour() {
        return behaviour;
    }

    /** The behaviour for a card: its test-card entry, or {@link Behaviour#APPROVE} for any other number. */
    public static Behaviour behaviourOf(Pan pan) {
        // The simulator plays the card network, the one place that must read the number.
        TestCard card = BY_NUMBER.get(pan.digits(RawCardAccess.get()));
        return card == null ? Behaviour.APPROVE : card.behaviour;
    }
}
