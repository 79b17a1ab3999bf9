package io.tokengate.vault.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RandomIdsTest {

    @Test
    void tokenWhenGeneratedThenTokPrefixAndTwentyFourBase62Chars() {
        String token = RandomIds.token();
        assertThat(token).startsWith("tok_").hasSize(4 + 24).matches("tok_[0-9A-Za-z]{24}");
        assertThat(IdKind.TOKEN.matches(token)).isTrue();
    }

    @Test
    void charsForWhenCommonStrengthsThenEnoughBase62Chars() {
        assertThat(RandomIds.charsFor(128)).isEqualTo(22);
        assertThat(RandomIds.charsFor(142)).isEqualTo(24);
        assertThat(RandomIds.charsFor(256)).isEqualTo(43);
        for (int bits = RandomIds.MIN_BITS; bits <= RandomIds.MAX_BITS; bits++) {
            int n = RandomIds.charsFor(bits);
            assertThat(n * Math.log(62) / Math.log(2)).isGreaterThanOrEqualTo(bits);
            assertThat((n - 1) * Math.log(62) / Math.log(2)).isLessThan(bits);
        }
    }

    @ParameterizedTest
    @EnumSource(IdKind.class)
    void generateWhenEachKindThenPrefixFixedLengthAndOwnShape(IdKind kind) {
        String id = kind.generate();
        assertThat(id).startsWith(kind.prefix()).hasSize(kind.prefix().length() + kind.randomChars());
        assertThat(id.substring(kind.prefix().length())).matches("[0-9A-Za-z]+");
        assertThat(kind.matches(id)).isTrue();
        assertThat(kind.matches(id + "x")).isFalse();
        assertThat(kind.matches(id.substring(0, id.length() - 1) + "-")).isFalse();
    }

    @Test
    void generateWhenSecretsThenTwoHundredFiftySixBits() {
        assertThat(IdKind.SECRET_LIVE.generate()).matches("sk_live_[0-9A-Za-z]{43}");
        assertThat(IdKind.SECRET_TEST.generate()).matches("sk_test_[0-9A-Za-z]{43}");
    }

    @Test
    void generateWhenManyThenAllDistinctAndEveryCharacterUsed() {
        Set<String> seen = new HashSet<>();
        Set<Character> chars = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String id = RandomIds.generate("evt_", 128);
            assertThat(seen.add(id)).isTrue();
            for (char c : id.substring(4).toCharArray()) {
                chars.add(c);
            }
        }
        assertThat(chars).hasSize(62);
    }

    @Test
    void generateWhenManyThenCharactersRoughlyUniform() {
        int[] counts = new int[128];
        int total = 0;
        for (int i = 0; i < 5_000; i++) {
            for (char c : RandomIds.generate("x_", 128).substring(2).toCharArray()) {
                counts[c]++;
                total++;
            }
        }
        double expected = total / 62.0;
        for (char c : RandomChars.BASE62.toCharArray()) {
            // ~1,774 expected each; 25% slack is many standard deviations.
            assertThat((double) counts[c]).isBetween(expected * 0.75, expected * 1.25);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "_", "tok", "Tok_", "tok-", "tok_ ", "_tok_", "a_very_long_prefix_"})
    void generateWhenBadPrefixThenRefused(String prefix) {
        assertThatThrownBy(() -> RandomIds.generate(prefix, 128)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generateWhenTooFewOrTooManyBitsThenRefused() {
        assertThatThrownBy(() -> RandomIds.generate("x_", 63)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RandomIds.generate("x_", 1025)).isInstanceOf(IllegalArgumentException.class);
    }
}
