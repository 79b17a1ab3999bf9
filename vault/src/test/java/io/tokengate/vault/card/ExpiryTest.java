package io.tokengate.vault.card;

import static io.tokengate.vault.card.PanTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpiryTest {

    private static Clock at(String isoInstant) {
        return Clock.fixed(Instant.parse(isoInstant), ZoneOffset.UTC);
    }

    @Test
    void isExpiredWhenLastDayOfMonthThenStillValid() {
        Expiry expiry = new Expiry(2, 2028);
        assertThat(expiry.isExpired(at("2028-02-29T23:59:59Z"))).isFalse();
        assertThat(expiry.lastValidDay()).isEqualTo(LocalDate.of(2028, 2, 29));
    }

    @Test
    void isExpiredWhenFirstDayOfNextMonthThenExpired() {
        assertThat(new Expiry(2, 2028).isExpired(at("2028-03-01T00:00:00Z"))).isTrue();
    }

    @Test
    void notExpiredWhenPastThenExpiryPast() {
        assertReason(() -> Expiry.notExpired(12, 2024, at("2025-01-01T00:00:00Z")), InvalidCardReason.EXPIRY_PAST);
        assertThat(Expiry.notExpired(1, 2025, at("2025-01-31T12:00:00Z"))).isEqualTo(new Expiry(1, 2025));
    }

    @Test
    void constructorWhenFieldOutOfRangeThenExpiryInvalid() {
        assertReason(() -> new Expiry(0, 2030), InvalidCardReason.EXPIRY_INVALID);
        assertReason(() -> new Expiry(13, 2030), InvalidCardReason.EXPIRY_INVALID);
        assertReason(() -> new Expiry(1, 1999), InvalidCardReason.EXPIRY_INVALID);
        assertReason(() -> new Expiry(1, 2100), InvalidCardReason.EXPIRY_INVALID);
    }

    @Test
    void parseWhenShortOrLongYearThenSameExpiry() {
        assertThat(Expiry.parse("09/29")).isEqualTo(new Expiry(9, 2029));
        assertThat(Expiry.parse("9 / 2029")).isEqualTo(new Expiry(9, 2029));
        assertThat(Expiry.parse("09/2029").toString()).isEqualTo("09/2029");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0929", "13/29", "00/29", "09/029", "09/", "/29", "a9/29", "09/2ab9", "123/29"})
    void parseWhenMalformedThenExpiryInvalid(String input) {
        assertReason(() -> Expiry.parse(input), InvalidCardReason.EXPIRY_INVALID);
    }
}
