package io.tokengate.vault.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PanTest {

    private static final String VISA = "4242424242424242";

    @Test
    void parseWhenSpacesAndDashesThenStripped() {
        Pan pan = Pan.parse(" 4242-4242 4242-4242 ");
        assertThat(pan.digits(RawCardAccess.get())).isEqualTo(VISA);
        assertThat(pan.length()).isEqualTo(16);
    }

    @ParameterizedTest
    @CsvSource({
        "4242424242424242, VISA",
        "4111111111111111, VISA",
        "4222222222222, VISA",
        "5555555555554444, MASTERCARD",
        "5105105105105100, MASTERCARD",
        "2223003122003222, MASTERCARD",
        "2720992593319364, MASTERCARD",
        "378282246310005, AMEX",
        "371449635398431, AMEX",
        "6011111111111117, DISCOVER",
        "6011000990139424, DISCOVER",
        "6221260000000000001, DISCOVER",
        "3566002020360505, JCB",
        "3530111333300000, JCB",
        "3056930009020004, DINERS",
        "36227206271667, DINERS",
        "6200000000000005, UNIONPAY",
        "6200000000000047, UNIONPAY",
        "1234567890123452, UNKNOWN",
        "9000000000000000001, UNKNOWN",
    })
    void parseWhenPublishedTestCardThenBrandDetected(String number, CardBrand brand) {
        assertThat(Pan.parse(number).brand()).isEqualTo(brand);
    }

    @Test
    void parseWhenNullOrBlankThenPanMissing() {
        assertReason(() -> Pan.parse(null), InvalidCardReason.PAN_MISSING);
        assertReason(() -> Pan.parse("  - "), InvalidCardReason.PAN_MISSING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4242.4242.4242.4242", "4242424242424242x", "４２４２424242424242", "٤242424242424242", "4242\t4242424242424242"})
    void parseWhenForeignCharactersThenPanCharacters(String input) {
        assertReason(() -> Pan.parse(input), InvalidCardReason.PAN_CHARACTERS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"42424242426", "42424242424242424242", "555555555555444", "37828224631000"})
    void parseWhenWrongLengthThenPanLength(String digits) {
        String number = Cards.withCheckDigit(digits.substring(0, digits.length() - 1), "0", digits.length());
        assertReason(() -> Pan.parse(number), InvalidCardReason.PAN_LENGTH);
    }

    @Test
    void parseWhenVisaOfTwelveDigitsThenPanLength() {
        assertReason(() -> Pan.parse(Cards.withCheckDigit("4", "1", 12)), InvalidCardReason.PAN_LENGTH);
    }

    @Test
    void parseWhenHugeInputThenRefusedWithoutEcho() {
        String huge = "4".repeat(100_000);
        assertReason(() -> Pan.parse(huge), InvalidCardReason.PAN_LENGTH);
    }

    @Test
    void parseWhenBadCheckDigitThenPanLuhn() {
        assertReason(() -> Pan.parse("4242424242424241"), InvalidCardReason.PAN_LUHN);
    }

    @Test
    void parseWhenRefusedThenMessageNeverContainsTheNumber() {
        for (String bad : new String[] {"4242424242424241", "4242-4242-4242-424x", "42424242", "4242 4242 4242 4242 4242 4"}) {
            assertThatThrownBy(() -> Pan.parse(bad))
                    .isInstanceOf(InvalidCardException.class)
                    .satisfies(e -> {
                        assertThat(e.getMessage()).doesNotContain("4242").startsWith("card rejected: ");
                        assertThat(e.getCause()).isNull();
                        assertThat(e.toString()).doesNotContain("4242");
                    });
        }
    }

    @ParameterizedTest
    @CsvSource({
        "4242424242424242, 424242******4242",
        "378282246310005, 37828******0005",
        "36227206271667, 3622******1667",
        "4222222222222, 422******2222",
        "6221260000000000001, 622126*********0001",
    })
    void toStringWhenAnyLengthThenAtMostFirstSixAndLastFourShown(String number, String masked) {
        assertThat(Pan.parse(number).toString()).isEqualTo(masked);
    }

    @Test
    void toStringWhenTwelveDigitsThenSixDigitsStayHidden() {
        Pan pan = Pan.parse(Cards.withCheckDigit("99", "7", 12));
        assertThat(pan.toString()).matches("\\d{2}\\*{6}\\d{4}");
    }

    @Test
    void last4AndBinWhenParsedThenShowOnlyThoseDigits() {
        Pan pan = Pan.parse(VISA);
        assertThat(pan.last4()).isEqualTo("4242");
        assertThat(pan.bin()).isEqualTo("424242");
    }

    @Test
    void equalsWhenSameDigitsThenEqualAndHashFromMaskedFormOnly() {
        Pan a = Pan.parse(VISA);
        Pan b = Pan.parse("4242 4242 4242 4242");
        Pan c = Pan.parse("4000056655665556");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
        assertThat(a.hashCode()).isEqualTo(a.toString().hashCode());
    }

    @Test
    void serializationWhenAttemptedThenThrows() {
        assertThatThrownBy(() -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(Pan.parse(VISA)))
                .isInstanceOf(NotSerializableException.class)
                .hasMessageNotContaining("4242");
    }

    @Test
    void digitsWhenNoAccessTokenThenRefused() {
        assertThatThrownBy(() -> Pan.parse(VISA).digits(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void publicApiWhenInspectedThenHasNoBeanGetters() {
        for (Class<?> type : new Class<?>[] {Pan.class, Cvc.class, CardPayload.class}) {
            assertThat(Arrays.stream(type.getMethods())
                    .filter(m -> !Modifier.isStatic(m.getModifiers()))
                    .filter(m -> m.getDeclaringClass() != Object.class)
                    .map(Method::getName))
                    .noneMatch(name -> name.startsWith("get") || name.startsWith("is"));
        }
    }

    static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, InvalidCardReason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidCardException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
