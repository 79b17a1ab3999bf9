package io.tokengate.vault;

import static io.tokengate.vault.TestCards.aCard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.InvalidCardException;
import io.tokengate.vault.card.InvalidCardReason;
import io.tokengate.vault.card.Pan;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CardVaultTest {

    @TempDir
    static Path dir;

    private static KeyRing ring;
    private static CardVault vault;
    private static final CardRef REF = CardRef.of("card_4xYz09");

    @BeforeAll
    static void openRing() {
        ring = TestCards.newRing(dir);
        vault = new CardVault(ring, TestCards.NOW);
    }

    @AfterAll
    static void closeRing() {
        ring.close();
    }

    @Test
    void openWhenSealedForSameRefThenSamePayload() {
        CardPayload card = aCard().build();
        CardPayload opened = vault.open(REF, vault.seal(REF, card));
        assertThat(opened).isEqualTo(card);
        assertThat(opened.cardholderName()).isEqualTo("Jane Q. Cardholder");
        assertThat(opened.expiry()).isEqualTo(card.expiry());
    }

    @Test
    void openWhenNoNameOrLongestUnicodeNameThenRoundTrips() {
        CardPayload nameless = aCard().name(null).build();
        CardPayload longest = aCard().pan("378282246310005").name("\uD834\uDD1E".repeat(100)).build();
        assertThat(vault.open(REF, vault.seal(REF, nameless)).cardholderName()).isNull();
        assertThat(vault.open(REF, vault.seal(REF, longest))).isEqualTo(longest);
    }

    @Test
    void sealWhenSameCardTwiceThenBlobsDiffer() {
        CardPayload card = aCard().build();
        assertThat(vault.seal(REF, card).toBytes()).isNotEqualTo(vault.seal(REF, card).toBytes());
    }

    @Test
    void sealWhenInspectedThenLayoutIsSelfDescribing() {
        CardPayload card = aCard().name("Jo").build();
        byte[] blob = vault.seal(REF, card).toBytes();
        int payloadBytes = 1 + 16 + 3 + 2 + 2;
        assertThat(blob[0]).isEqualTo((byte) 1);
        assertThat(Arrays.copyOfRange(blob, 1, 5)).containsExactly(0, 0, 0, 1);
        assertThat(Arrays.copyOfRange(blob, 5, 7)).containsExactly(0, 40);
        assertThat(blob).hasSize(1 + 4 + 2 + 40 + 12 + payloadBytes + 16);
        SealedCard parsed = SealedCard.fromBytes(blob);
        assertThat(parsed.kekVersion()).isEqualTo(1);
        assertThat(parsed.size()).isEqualTo(blob.length);
        assertThat(parsed.toString()).isEqualTo("SealedCard[format=1, kekVersion=1, bytes=" + blob.length + "]");
    }

    @Test
    void fromBytesWhenCallerChangesArrayLaterThenSealedCardUnaffected() {
        byte[] blob = vault.seal(REF, aCard().build()).toBytes();
        SealedCard sealed = SealedCard.fromBytes(blob);
        blob[blob.length - 1] ^= 1;
        sealed.toBytes()[0] = 9;
        assertThat(vault.open(REF, sealed)).isEqualTo(aCard().build());
    }

    @Test
    void sealWhenCardExpiredThenExpiryPastWithoutCardData() {
        CardPayload expired = aCard().expiry(4, 2026).build();
        assertThatThrownBy(() -> vault.seal(REF, expired))
                .isInstanceOfSatisfying(InvalidCardException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidCardReason.EXPIRY_PAST))
                .hasMessageNotContaining("4242");
        assertThat(vault.open(REF, vault.seal(REF, aCard().expiry(5, 2026).build())).expiry().month()).isEqualTo(5);
    }

    @Test
    void openWhenCardExpiredSinceSealingThenStillOpens() {
        SealedCard sealed = vault.seal(REF, aCard().expiry(5, 2026).build());
        Clock later = Clock.fixed(Instant.parse("2031-01-01T00:00:00Z"), ZoneOffset.UTC);
        CardPayload opened = new CardVault(ring, later).open(REF, sealed);
        assertThat(opened.expiry().isExpired(later)).isTrue();
    }

    @Test
    void fingerprintWhenSameNumberThenSameWhateverExpiryOrName() {
        CardFingerprint a = vault.fingerprint(aCard().build().pan());
        CardFingerprint b = vault.fingerprint(aCard().expiry(1, 2031).name("Other").build().pan());
        CardFingerprint c = vault.fingerprint(Pan.parse(TestCards.MASTERCARD));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
        assertThat(a.toBytes()).hasSize(32);
        assertThat(a.toHex()).hasSize(64).matches("[0-9a-f]+").doesNotContain("4242424242424242");
        assertThat(a.toBase64Url()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(CardFingerprint.fromHex(a.toHex())).isEqualTo(a);
        assertThat(CardFingerprint.fromBase64Url(a.toBase64Url())).isEqualTo(a);
        assertThat(CardFingerprint.of(a.toBytes())).isEqualTo(a);
    }

    @Test
    void lookupHashWhenSameInputThenSameThirtyTwoBytesAndOtherInputsDiffer() {
        byte[] h1 = vault.lookupHash("tok_abc");
        assertThat(h1).hasSize(32).isEqualTo(vault.lookupHash("tok_abc")).isNotEqualTo(vault.lookupHash("tok_abd"));
        assertThat(vault.lookupHashHex("sk_live_x")).hasSize(64).isEqualTo(vault.lookupHashHex("sk_live_x"));
        assertThat(vault.lookupHashHex("sk_live_x")).isNotEqualTo(vault.lookupHashHex("sk_test_x"));
    }

    @Test
    void lookupHashWhenSameTextAsCardNumberThenDiffersFromFingerprint() {
        // Separate keys: a token table and the card table can't be joined through their hashes.
        assertThat(vault.lookupHash(TestCards.VISA)).isNotEqualTo(vault.fingerprint(Pan.parse(TestCards.VISA)).toBytes());
    }

    @Test
    void bouncyCastleWhenVaultInUseThenRegisteredByNameAndNeverFirst() {
        Provider[] providers = Security.getProviders();
        assertThat(Security.getProvider("BC")).isNotNull();
        assertThat(providers[0].getName()).isNotEqualTo("BC");
        assertThat(Security.getProviders("Cipher.AES/GCM/NoPadding")[0].getName()).isEqualTo("SunJCE");
    }

    @Test
    void cardRefWhenMalformedThenRefused() {
        assertThatThrownBy(() -> CardRef.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CardRef.of("card 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CardRef.of("card_é")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CardRef.of("c".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThat(CardRef.of("card_AZaz09-_").toString()).isEqualTo("card_AZaz09-_");
    }
}
