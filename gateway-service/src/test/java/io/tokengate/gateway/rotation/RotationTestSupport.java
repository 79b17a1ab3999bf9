package io.tokengate.gateway.rotation;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.keys.KeysProperties;
import io.tokengate.gateway.keys.VaultService;
import io.tokengate.gateway.support.IntegrationTest;
import io.tokengate.vault.CardRef;
import io.tokengate.vault.CardVault;
import io.tokengate.vault.KeyRing;
import io.tokengate.vault.SealedCard;
import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.Expiry;
import io.tokengate.vault.card.Pan;
import io.tokengate.vault.token.IdKind;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Helpers of the key rotation tests: rotate and wait through the real ops API, seed cards with
 * real sealed blobs straight into the database (thousands, faster than the import endpoint), and
 * open every card and token value there is.
 */
abstract class RotationTestSupport extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CardVault cardVault;
    @Autowired
    VaultService vault;
    @Autowired
    KeyRing keyRing;
    @Autowired
    KeysProperties keys;
    @Autowired
    RewrapFaults faults;

    private int batchSize;
    private int maxRowsPerSecond;
    private int idleMaxRowsPerSecond;
    private long physicalWalkMinRows;

    @BeforeEach
    void rememberSettings() {
        batchSize = keys.getRewrap().getBatchSize();
        maxRowsPerSecond = keys.getRewrap().getMaxRowsPerSecond();
        idleMaxRowsPerSecond = keys.getRewrap().getIdleMaxRowsPerSecond();
        physicalWalkMinRows = keys.getRewrap().getPhysicalWalkMinRows();
    }

    @AfterEach
    void restoreSettings() {
        faults.recover();
        keys.getRewrap().setBatchSize(batchSize);
        keys.getRewrap().setMaxRowsPerSecond(maxRowsPerSecond);
        keys.getRewrap().setIdleMaxRowsPerSecond(idleMaxRowsPerSecond);
        keys.getRewrap().setPhysicalWalkMinRows(physicalWalkMinRows);
    }

    /** Makes the re-wrap walk tables by heap page (as it does for large ones), not by key. */
    void walkByHeapPage() {
        keys.getRewrap().setPhysicalWalkMinRows(1);
    }

    /** Bounds the re-wrap to {@code rowsPerSecond} whether or not the database looks busy. */
    void rewrapAtMost(int rowsPerSecond) {
        keys.getRewrap().setMaxRowsPerSecond(rowsPerSecond);
        keys.getRewrap().setIdleMaxRowsPerSecond(rowsPerSecond);
    }

    /** POST /ops/keys/rotate, asserting 201; the rotation. */
    JsonNode rotate() {
        HttpResponse<String> rotated = ops().send("POST", "/ops/keys/rotate", null, null);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
        return json(rotated);
    }

    JsonNode rotation(String id) {
        HttpResponse<String> got = ops().get("/ops/keys/rotations/" + id);
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        return json(got);
    }

    /** Polls the rotation until it has completed; fails after {@code timeout}. */
    JsonNode awaitCompleted(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode r = rotation(id);
        while (!"completed".equals(r.get("status").asString())) {
            assertThat(System.nanoTime()).as("rotation %s still %s", id, r).isLessThan(deadline);
            Thread.sleep(100);
            r = rotation(id);
        }
        return r;
    }

    /** Rotates and waits for the re-wrap to complete, so a test starts with everything current. */
    int rotateAndSettle() throws InterruptedException {
        JsonNode r = rotate();
        awaitCompleted(r.get("id").asString(), Duration.ofSeconds(60));
        return r.get("to_version").asInt();
    }

    /** Inserts {@code n} cards of the merchant, each with one token, sealed under the current KEK. */
    void seedCards(String merchantId, int n) {
        List<Object[]> cards = new ArrayList<>(n);
        List<Object[]> tokens = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String cardId = IdKind.CARD.generate();
            CardPayload payload = new CardPayload(Pan.parse(randomVisa()), new Expiry(12, 2034), "Seeded Holder");
            SealedCard sealed = cardVault.seal(CardRef.of(cardId), payload);
            cards.add(new Object[] {cardId, merchantId, sealed.toBytes(), sealed.kekVersion(),
                    cardVault.fingerprint(payload.pan()).toBytes(), "visa", payload.pan().last4()});
            String token = IdKind.TOKEN.generate();
            byte[] hash = vault.lookupHash(token);
            tokens.add(new Object[] {merchantId, cardId, hash, vault.sealToken(token, hash),
                    token.substring(token.length() - 4)});
        }
        jdbc.batchUpdate("INSERT INTO cards (id, merchant_id, sealed, kek_version, fingerprint, brand, last4, "
                + "exp_month, exp_year) VALUES (?, ?, ?, ?, ?, ?, ?, 12, 2034)", cards);
        jdbc.batchUpdate("INSERT INTO tokens (merchant_id, card_id, lookup_hash, token_sealed, hint) "
                + "VALUES (?, ?, ?, ?, ?)", tokens);
    }

    /** Opens every active card and every token value in the database; returns how many failed. */
    long openEverything() {
        AtomicLong failures = new AtomicLong();
        jdbc.query("SELECT id, sealed FROM cards WHERE status = 'active'", rs -> {
            try {
                cardVault.open(CardRef.of(rs.getString(1)), SealedCard.fromBytes(rs.getBytes(2)));
            } catch (RuntimeException e) {
                failures.incrementAndGet();
            }
        });
        jdbc.query("SELECT lookup_hash, token_sealed FROM tokens", rs -> {
            try {
                vault.openToken(rs.getBytes(2), rs.getBytes(1));
            } catch (RuntimeException e) {
                failures.incrementAndGet();
            }
        });
        return failures.get();
    }

    long cardsUnder(int version) {
        return jdbc.queryForObject("SELECT count(*) FROM cards WHERE status = 'active' AND kek_version = ?",
                Long.class, version);
    }

    long tokensUnder(int version) {
        return jdbc.queryForObject("SELECT count(*) FROM tokens WHERE token_kek_version = ?", Long.class, version);
    }

    long rowsNotUnder(int version) {
        return jdbc.queryForObject("SELECT (SELECT count(*) FROM cards WHERE status = 'active' AND kek_version <> ?)"
                + " + (SELECT count(*) FROM tokens WHERE token_kek_version <> ?)", Long.class, version, version);
    }

    /** A Luhn-valid 16-digit Visa number with random middle digits. */
    static String randomVisa() {
        StringBuilder body = new StringBuilder("4");
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 14; i++) {
            body.append(random.nextInt(10));
        }
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int d = body.charAt(body.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                d -= d > 9 ? 9 : 0;
            }
            sum += d;
        }
        return body.append((10 - sum % 10) % 10).toString();
    }
}
