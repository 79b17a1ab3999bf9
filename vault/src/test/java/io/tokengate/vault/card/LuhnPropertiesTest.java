package io.tokengate.vault.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class LuhnPropertiesTest {

    @Property
    void checkDigitWhenAppendedThenNumberIsValid(@ForAll("payloads") String payload) {
        assertThat(Luhn.isValid(payload + Luhn.checkDigit(payload))).isTrue();
    }

    @Property
    void isValidWhenOneDigitChangedThenInvalid(@ForAll("payloads") String payload,
            @ForAll @IntRange(min = 0, max = 30) int where, @ForAll @IntRange(min = 1, max = 9) int delta) {
        char[] number = (payload + Luhn.checkDigit(payload)).toCharArray();
        int i = where % number.length;
        number[i] = (char) ('0' + (number[i] - '0' + delta) % 10);
        assertThat(Luhn.isValid(new String(number))).isFalse();
    }

    @Example
    void isValidWhenPublishedTestCardsThenValid() {
        assertThat(Luhn.isValid("4242424242424242")).isTrue();
        assertThat(Luhn.isValid("79927398713")).isTrue();
        assertThat(Luhn.isValid("79927398710")).isFalse();
    }

    @Example
    void isValidWhenEmptyOrNonDigitThenFalse() {
        assertThat(Luhn.isValid("")).isFalse();
        assertThat(Luhn.isValid("4242 4242 4242 4242")).isFalse();
        assertThat(Luhn.isValid("٤٢٤٢")).isFalse();
    }

    @Example
    void checkDigitWhenNonDigitThenThrows() {
        assertThatThrownBy(() -> Luhn.checkDigit("12a4")).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<String> payloads() {
        return Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25);
    }
}
