package io.tokengate.vault.card;

import static io.tokengate.vault.card.PanTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CvcTest {

    @Test
    void parseWhenThreeOrFourDigitsThenAcceptedAndMasked() {
        Cvc three = Cvc.parse(" 123 ");
        Cvc four = Cvc.parse("1234");
        assertThat(three.length()).isEqualTo(3);
        assertThat(four.length()).isEqualTo(4);
        assertThat(three.toString()).isEqualTo("***").doesNotContain("123");
        assertThat(four.toString()).isEqualTo("***");
        assertThat(three.digits(RawCardAccess.get())).isEqualTo("123");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12", "12345", "12a", "１２３"})
    void parseWhenNotThreeOrFourDigitsThenCvcInvalid(String input) {
        assertReason(() -> Cvc.parse(input), InvalidCardReason.CVC_INVALID);
    }

    @Test
    void parseWhenNullThenCvcInvalid() {
        assertReason(() -> Cvc.parse(null), InvalidCardReason.CVC_INVALID);
    }

    @Test
    void parseForWhenLengthDoesNotFitBrandThenCvcLength() {
        assertThat(Cvc.parseFor("1234", CardBrand.AMEX).length()).isEqualTo(4);
        assertThat(Cvc.parseFor("123", CardBrand.VISA).length()).isEqualTo(3);
        assertThat(Cvc.parseFor("1234", CardBrand.UNKNOWN).fits(CardBrand.UNKNOWN)).isTrue();
        assertReason(() -> Cvc.parseFor("123", CardBrand.AMEX), InvalidCardReason.CVC_LENGTH);
        assertReason(() -> Cvc.parseFor("1234", CardBrand.MASTERCARD), InvalidCardReason.CVC_LENGTH);
    }

    @Test
    void equalsWhenSameDigitsThenEqualWithConstantHash() {
        assertThat(Cvc.parse("123")).isEqualTo(Cvc.parse("123")).isNotEqualTo(Cvc.parse("124"));
        assertThat(Cvc.parse("123").hashCode()).isEqualTo(Cvc.parse("999").hashCode());
    }
}
