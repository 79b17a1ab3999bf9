package io.tokengate.vault.card;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class PanPropertiesTest {

    @Property
    void toStringWhenAnyValidPanThenMiddleHiddenAndAtMostTenDigitsShown(@ForAll("anyPans") String number) {
        Pan pan = Pan.parse(number);
        String masked = pan.toString();
        int n = number.length();
        int shownHead = Math.min(6, n - 10);
        long digitsShown = masked.chars().filter(Character::isDigit).count();

        assertThat(masked).hasSize(n);
        assertThat(digitsShown).isLessThanOrEqualTo(10).isEqualTo(shownHead + 4L);
        assertThat(n - digitsShown).isGreaterThanOrEqualTo(6);
        assertThat(masked.substring(shownHead, n - 4)).matches("\\*+");
        assertThat(masked.substring(0, shownHead)).isEqualTo(number.substring(0, shownHead));
        assertThat(masked).endsWith(number.substring(n - 4));
    }

    @Property
    void parseWhenMastercardRangesThenMastercard(@ForAll("mastercardPrefixes") String prefix,
            @ForAll("fillers") String filler) {
        assertThat(Pan.parse(Cards.withCheckDigit(prefix, filler, 16)).brand()).isEqualTo(CardBrand.MASTERCARD);
    }

    @Property
    void parseWhenVisaPrefixThenVisa(@ForAll("fillers") String filler, @ForAll @IntRange(min = 13, max = 19) int length) {
        assertThat(Pan.parse(Cards.withCheckDigit("4", filler, length)).brand()).isEqualTo(CardBrand.VISA);
    }

    @Property
    void parseWhenAmexPrefixThenAmexWithFifteenDigits(@ForAll("fillers") String filler, @ForAll boolean thirtySeven) {
        String number = Cards.withCheckDigit(thirtySeven ? "37" : "34", filler, 15);
        assertThat(Pan.parse(number).brand()).isEqualTo(CardBrand.AMEX);
    }

    @Property
    void parseWhenJcbRangeThenJcb(@ForAll @IntRange(min = 3528, max = 3589) int prefix, @ForAll("fillers") String filler) {
        assertThat(Pan.parse(Cards.withCheckDigit(Integer.toString(prefix), filler, 16)).brand()).isEqualTo(CardBrand.JCB);
    }

    @Property
    void parseWhenDiscoverShareOfSixtyTwoThenDiscover(@ForAll @IntRange(min = 622126, max = 622925) int prefix,
            @ForAll("fillers") String filler) {
        assertThat(Pan.parse(Cards.withCheckDigit(Integer.toString(prefix), filler, 16)).brand()).isEqualTo(CardBrand.DISCOVER);
    }

    @Property
    void parseWhenRestOfSixtyTwoThenUnionPay(@ForAll @IntRange(min = 620000, max = 629999) int prefix,
            @ForAll("fillers") String filler) {
        CardBrand expected = prefix >= 622126 && prefix <= 622925 ? CardBrand.DISCOVER : CardBrand.UNIONPAY;
        assertThat(Pan.parse(Cards.withCheckDigit(Integer.toString(prefix), filler, 16)).brand()).isEqualTo(expected);
    }

    @Property
    void parseWhenDinersRangesThenDiners(@ForAll("dinersPrefixes") String prefix, @ForAll("fillers") String filler) {
        assertThat(Pan.parse(Cards.withCheckDigit(prefix, filler, 14)).brand()).isEqualTo(CardBrand.DINERS);
    }

    @Property
    void detectWhenJustOutsideMastercardTwoSeriesThenNotMastercard(@ForAll("fillers") String filler,
            @ForAll boolean below) {
        String prefix = below ? "2220" : "2721";
        assertThat(CardBrand.detect(prefix + filler.substring(0, 2))).isEqualTo(CardBrand.UNKNOWN);
    }

    @Provide
    Arbitrary<String> anyPans() {
        Arbitrary<String> visa = Combinators.combine(fillers(), Arbitraries.integers().between(13, 19))
                .as((f, n) -> Cards.withCheckDigit("4", f, n));
        Arbitrary<String> unknown = Combinators.combine(fillers(), Arbitraries.integers().between(12, 19))
                .as((f, n) -> Cards.withCheckDigit("9", f, n));
        Arbitrary<String> amex = fillers().map(f -> Cards.withCheckDigit("37", f, 15));
        Arbitrary<String> diners = fillers().map(f -> Cards.withCheckDigit("36", f, 14));
        return Arbitraries.oneOf(visa, unknown, amex, diners);
    }

    @Provide
    Arbitrary<String> mastercardPrefixes() {
        return Arbitraries.oneOf(Arbitraries.integers().between(51, 55), Arbitraries.integers().between(2221, 2720))
                .map(i -> Integer.toString(i));
    }

    @Provide
    Arbitrary<String> dinersPrefixes() {
        return Arbitraries.oneOf(Arbitraries.integers().between(300, 305).map(i -> Integer.toString(i)),
                Arbitraries.of("3095", "36", "38", "39"));
    }

    @Provide
    Arbitrary<String> fillers() {
        return Arbitraries.strings().numeric().ofLength(20);
    }
}
