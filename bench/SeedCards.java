import io.tokengate.vault.CardRef;
import io.tokengate.vault.CardVault;
import io.tokengate.vault.KeyRing;
import io.tokengate.vault.SealedCard;
import io.tokengate.vault.ValueVault;
import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.Expiry;
import io.tokengate.vault.card.Pan;
import io.tokengate.vault.token.IdKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Benchmark tool (not part of the build): seeds cards with real sealed blobs straight into a
 * gateway database with COPY, and verifies afterwards that every card (and token value) opens.
 * Run as a single-file program with the gateway jar's libraries on the class path:
 *
 * <pre>
 *   java -cp "lib/*" bench/SeedCards.java seed   JDBC_URL KEYSTORE PASSWORD MERCHANT_ID COUNT [tokens]
 *   java -cp "lib/*" bench/SeedCards.java verify JDBC_URL KEYSTORE PASSWORD
 * </pre>
 *
 * JDBC_URL carries user and password as parameters. Card numbers are synthetic Visa numbers
 * (distinct, Luhn-valid); nothing is printed but counts and timings.
 */
public class SeedCards {

    private static final HexFormat HEX = HexFormat.of();
    private static final int CHUNK = 50_000;

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: seed JDBC KEYSTORE PASSWORD MERCHANT COUNT [tokens] | verify JDBC KEYSTORE PASSWORD");
            System.exit(2);
        }
        try (KeyRing ring = KeyRing.open(Path.of(args[2]), args[3].toCharArray());
             Connection db = DriverManager.getConnection(args[1])) {
            CardVault cards = new CardVault(ring, Clock.systemUTC());
            ValueVault values = new ValueVault(ring);
            switch (args[0]) {
                case "seed" -> seed(db, cards, values, args[4], Integer.parseInt(args[5]),
                        args.length > 6 && "tokens".equals(args[6]));
                case "verify" -> verify(db, cards, values);
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
        }
    }

    private static void seed(Connection db, CardVault vault, ValueVault values, String merchant, int count,
                             boolean tokens) throws Exception {
        CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
        long base = System.nanoTime() % 1_000_000_000L * 10_000L; // distinct numbers across runs
        long sealNanos = 0;
        long started = System.nanoTime();
        for (int from = 0; from < count; from += CHUNK) {
            int n = Math.min(CHUNK, count - from);
            StringBuilder cardRows = new StringBuilder(n * 400);
            StringBuilder tokenRows = tokens ? new StringBuilder(n * 300) : null;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String id = IdKind.CARD.generate();
                Pan pan = Pan.parse(visa(base + from + i));
                SealedCard sealed = vault.seal(CardRef.of(id), new CardPayload(pan, new Expiry(12, 2034), "Bench Holder"));
                cardRows.append(id).append(',').append(merchant).append(",\\x").append(HEX.formatHex(sealed.toBytes()))
                        .append(',').append(sealed.kekVersion()).append(",\\x")
                        .append(HEX.formatHex(vault.fingerprint(pan).toBytes())).append(",visa,")
                        .append(pan.last4()).append(",12,2034\n");
                if (tokens) {
                    String token = IdKind.TOKEN.generate();
                    byte[] hash = vault.lookupHash(token);
                    byte[] sealedToken = values.seal("token", hash, token.getBytes(StandardCharsets.UTF_8));
                    tokenRows.append(merchant).append(',').append(id).append(",\\x").append(HEX.formatHex(hash))
                            .append(",\\x").append(HEX.formatHex(sealedToken)).append(',')
                            .append(token.substring(token.length() - 4)).append('\n');
                }
            }
            sealNanos += System.nanoTime() - t0;
            copy.copyIn("COPY cards (id, merchant_id, sealed, kek_version, fingerprint, brand, last4, exp_month, "
                    + "exp_year) FROM STDIN WITH (FORMAT csv)", reader(cardRows));
            if (tokens) {
                copy.copyIn("COPY tokens (merchant_id, card_id, lookup_hash, token_sealed, hint) FROM STDIN "
                        + "WITH (FORMAT csv)", reader(tokenRows));
            }
            System.out.printf("seeded %d/%d cards%s%n", from + n, count, tokens ? " and tokens" : "");
        }
        double total = (System.nanoTime() - started) / 1e9;
        System.out.printf("seeded %d cards%s in %.1f s (sealing %.1f s of it)%n", count, tokens ? " with a token each"
                : "", total, sealNanos / 1e9);
    }

    /** Opens every active card and every token value; exits non-zero on any failure. */
    private static void verify(Connection db, CardVault vault, ValueVault values) throws Exception {
        db.setAutoCommit(false); // a cursor instead of the whole table in memory
        long opened = 0;
        long failed = 0;
        Map<Integer, Long> versions = new TreeMap<>();
        long started = System.nanoTime();
        try (PreparedStatement ps = db.prepareStatement("SELECT id, sealed FROM cards WHERE status = 'active'")) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        SealedCard sealed = SealedCard.fromBytes(rs.getBytes(2));
                        vault.open(CardRef.of(rs.getString(1)), sealed);
                        versions.merge(sealed.kekVersion(), 1L, Long::sum);
                        opened++;
                    } catch (RuntimeException e) {
                        failed++;
                    }
                }
            }
        }
        long tokensOpened = 0;
        try (PreparedStatement ps = db.prepareStatement("SELECT lookup_hash, token_sealed FROM tokens")) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        values.open("token", rs.getBytes(1), rs.getBytes(2));
                        tokensOpened++;
                    } catch (RuntimeException e) {
                        failed++;
                    }
                }
            }
        }
        db.commit();
        System.out.printf("verified: %d cards and %d token values opened, %d failed, cards per KEK version %s, %.1f s%n",
                opened, tokensOpened, failed, versions, (System.nanoTime() - started) / 1e9);
        if (failed > 0) {
            System.exit(1);
        }
    }

    private static java.io.Reader reader(StringBuilder rows) {
        return new java.io.InputStreamReader(new ByteArrayInputStream(rows.toString().getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII);
    }

    /** A 16-digit Visa number: 4, fourteen digits of {@code n}, the Luhn check digit. */
    private static String visa(long n) {
        String body = "4" + String.format("%014d", n % 100_000_000_000_000L);
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int d = body.charAt(body.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                d -= d > 9 ? 9 : 0;
            }
            sum += d;
        }
        return body + (10 - sum % 10) % 10;
    }
}
