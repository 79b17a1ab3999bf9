package io.tokengate.vault;

import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.Expiry;
import io.tokengate.vault.card.Pan;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Test data: a builder for card payloads, each test stating only what differs, and fixtures. */
final class TestCards {

    static final String VISA = "4242424242424242";
    static final String MASTERCARD = "5555555555554444";
    static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    static final Clock NOW = Clock.fixed(Instant.parse("2026-05-15T10:00:00Z"), ZoneOffset.UTC);

    private String pan = VISA;
    private int month = 12;
    private int year = 2030;
    private String name = "Jane Q. Cardholder";

    private TestCards() {
    }

    static TestCards aCard() {
        return new TestCards();
    }

    TestCards pan(String value) {
        this.pan = value;
        return this;
    }

    TestCards expiry(int month, int year) {
        this.month = month;
        this.year = year;
        return this;
    }

    TestCards name(String value) {
        this.name = value;
        return this;
    }

    CardPayload build() {
        return new CardPayload(Pan.parse(pan), new Expiry(month, year), name);
    }

    static KeyRing newRing(Path dir) {
        return KeyRing.openOrCreate(dir.resolve("vault-keys.bcfks"), PASSWORD, true);
    }
}
