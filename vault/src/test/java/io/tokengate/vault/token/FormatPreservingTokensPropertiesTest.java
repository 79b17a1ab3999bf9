package io.tokengate.vault.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.vault.card.CardBrand;
import io.tokengate.vault.card.Luhn;
import io.tokengate.vault.card.Pan;
import io.tokengate.vault.card.RawCardAccess;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class FormatPreservingTokensPropertiesTest {

    @Property
    void generateWhenAnyPanThenSameLengthDigitsLastFourKeptAndFailsLuhn(@ForAll("pans") Pan pan) {
        String token = FormatPreservingTokens.generate(pan);
        assertThat(token).hasSize(pan.length()).matches("[0-9]+").endsWith(pan.last4());
        assertThat(Luhn.isValid(token)).isFalse();
        assertThat(CardBrand.detect(token)).isEqualTo(CardBrand.UNKNOWN);
        assertThat(token).isNotEqualTo(pan.digits(RawCardAccess.get()));
        assertThat(FormatPreservingTokens.isSurrogate(token)).isTrue();
    }

    @Example
    void generateWhenCalledTwiceThenRandom() {
        Pan pan = Pan.parse("4242424242424242");
        assertThat(FormatPreservingTokens.generate(pan)).isNotEqualTo(FormatPreservingTokens.generate(pan));
    }

    @Example
    void isSurrogateWhenRealCardNumberThenFalse() {
        assertThat(FormatPreservingTokens.isSurrogate("4242424242424242")).isFalse();
        assertThat(FormatPreservingTokens.isSurrogate("12345")).isFalse();
        assertThat(FormatPreservingTokens.isSurrogate(null)).isFalse();
    }

    @Provide
    Arbitrary<Pan> pans() {
        Arbitrary<String> prefixes = Arbitraries.of("4", "51", "2221", "2720", "34", "37", "6011", "65", "3528", "36", "62", "9", "1");
        return Combinators.combine(prefixes, Arbitraries.strings().numeric().ofLength(20), Arbitraries.integers().between(12, 19))
                .as((prefix, filler, length) -> {
                    String body = (prefix + filler).substring(0, length - 1);
                    return body + Luhn.checkDigit(body);
                })
                .filter(number -> {
                    CardBrand brand = CardBrand.detect(number);
                    return brand.allowsLength(number.length());
                })
                .map(Pan::parse);
    }
}
