package io.tokengate.vault.card;

import static io.tokengate.vault.card.PanTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CardPayloadTest {

    private static final Pan PAN = Pan.parse("4242424242424242");
    private static final Expiry EXPIRY = new Expiry(12, 2030);

    @Test
    void constructorWhenNameHasSurroundingSpaceThenStripped() {
        assertThat(new CardPayload(PAN, EXPIRY, "  Zoë  O'Brien-Łukasz ").cardholderName())
                .isEqualTo("Zoë  O'Brien-Łukasz");
    }

    @Test
    void constructorWhenNameNullOrBlankThenAbsent() {
        assertThat(new CardPayload(PAN, EXPIRY, null).cardholderName()).isNull();
        assertThat(new CardPayload(PAN, EXPIRY, "   ").cardholderNameIfPresent()).isEmpty();
    }

    @Test
    void constructorWhenHundredCodePointsThenAcceptedAndOneMoreRefused() {
        String emoji = "\uD83D\uDE00"; // one code point, two chars
        assertThat(new CardPayload(PAN, EXPIRY, emoji.repeat(100)).cardholderName()).hasSize(200);
        assertReason(() -> new CardPayload(PAN, EXPIRY, "a".repeat(101)), InvalidCardReason.NAME_TOO_LONG);
        assertReason(() -> new CardPayload(PAN, EXPIRY, "a".repeat(5000)), InvalidCardReason.NAME_TOO_LONG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Jane\nDoe", "Jane\u0000Doe", "Jane\u202EeoD", "Jane\u200BDoe", "Jane\u2028Doe", "Jane\uD800Doe", "Jane\uE000"})
    void constructorWhenControlFormatOrBrokenCharactersThenNameInvalid(String name) {
        assertReason(() -> new CardPayload(PAN, EXPIRY, name), InvalidCardReason.NAME_INVALID);
    }

    @Test
    void toStringWhenPrintedThenMasksNumberAndHidesName() {
        String text = new CardPayload(PAN, EXPIRY, "Jane Doe").toString();
        assertThat(text).contains("424242******4242").doesNotContain("Jane").doesNotContain("4242424242424242");
    }

    @Test
    void equalsWhenSameFieldsThenEqual() {
        assertThat(new CardPayload(PAN, EXPIRY, "Jane")).isEqualTo(new CardPayload(Pan.parse("4242 4242 4242 4242"), EXPIRY, " Jane"))
                .isNotEqualTo(new CardPayload(PAN, EXPIRY, "John"));
    }
}
