package io.tokengate.gateway.bench;

import io.tokengate.vault.CardRef;
import io.tokengate.vault.CardVault;
import io.tokengate.vault.KeyRing;
import io.tokengate.vault.SealedCard;
import io.tokengate.vault.ValueVault;
import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.Expiry;
import io.tokengate.vault.card.Luhn;
import io.tokengate.vault.card.Pan;
import io.tokengate.vault.token.IdKind;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Seeds a merchant with many real tokens for the containment benchmark (bench/containment-bench.sh),
 * straight into PostgreSQL with COPY: cards sealed by the vault under the gateway's own key store,
 * token values drawn like the gateway draws them, their keyed lookup hashes and sealed copies. Several
 * tokens share a card (as when a shopper saves the same card in several checkouts); every token value
 * and hash is distinct. Not a test; never run by {@code mvn verify}. The benchmark suite (bench/suite.sh)
 * also runs it, as a single-file program on the gateway jar's libraries, to seed the tokens it looks up
 * and charges.
 *
 * <p>Arguments: jdbcUrl user password keyStorePath keyStorePassword merchantId tokens tokensPerCard
 * [tokenValuesFile [firstCard]]. With a tokenValuesFile the token values are appended to it, one a line
 * (synthetic test data, for the load generator). firstCard numbers the cards (and their card numbers)
 * from that index, so a second seeding of the same merchant draws new cards instead of colliding with
 * the first one's (one active card per number and merchant).
 */
public final class ContainmentSeeder {

    private static final int CHUNK = 50_000;
    private static final HexFormat HEX = HexFormat.of();

    private ContainmentSeeder() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 8 || args.length > 10) {
            System.err.println("usage: ContainmentSeeder jdbcUrl user password keyStorePath keyStorePassword "
                    + "merchantId tokens tokensPerCard [tokenValuesFile [firstCard]]");
            System.exit(2);
        }
        String merchant = args[5];
        int tokens = Integer.parseInt(args[6]);
        int perCard = Integer.parseInt(args[7]);
        Path valuesFile = args.length > 8 ? Path.of(args[8]) : null;
        int firstCard = args.length > 9 ? Integer.parseInt(args[9]) : 0;
        int cards = (tokens + perCard - 1) / perCard;
        long started = System.nanoTime();
        try (KeyRing ring = KeyRing.open(Path.of(args[3]), args[4].toCharArray());
             Connection db = DriverManager.getConnection(args[0], args[1], args[2]);
             Writer values = valuesFile == null ? Writer.nullWriter()
                     : Files.newBufferedWriter(valuesFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            CardVault cardVault = new CardVault(ring, Clock.systemUTC());
            ValueVault valueVault = new ValueVault(ring);
            CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
            String run = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
            for (int from = 0; from < cards; from += CHUNK) {
                int to = Math.min(cards, from + CHUNK);
                copy.copyIn("COPY cards (id, merchant_id, sealed, kek_version, fingerprint, brand, last4, exp_month, "
                        + "exp_year) FROM STDIN", new StringReader(cardRows(cardVault, merchant, run, firstCard + from,
                        firstCard + to)));
            }
            System.out.printf("seeded %d cards in %.1f s%n", cards, (System.nanoTime() - started) / 1e9);
            for (int from = 0; from < tokens; from += CHUNK) {
                int to = Math.min(tokens, from + CHUNK);
                List<String[]> rows = tokenRows(cardVault, valueVault, merchant, run, from, to, perCard, firstCard);
                copy.copyIn("COPY tokens (merchant_id, card_id, lookup_hash, token_sealed, hint) FROM STDIN",
                        new StringReader(String.join("", rows.stream().map(r -> r[0]).toList())));
                for (String[] r : rows) {
                    values.write(r[1]);
                    values.write('\n');
                }
            }
            System.out.printf("seeded %d tokens in %.1f s%n", tokens, (System.nanoTime() - started) / 1e9);
        }
    }

    private static String cardId(String run, int i) {
        return "card_bench" + run + "x" + String.format("%010d", i);
    }

    private static String cardRows(CardVault vault, String merchant, String run, int from, int to) {
        List<String> rows = IntStream.range(from, to).parallel().mapToObj(i -> {
            String body = "4" + String.format("%014d", 31_000_000_000L + i);
            Pan pan = Pan.parse(body + Luhn.checkDigit(body));
            String id = cardId(run, i);
            SealedCard sealed = vault.seal(CardRef.of(id), new CardPayload(pan, new Expiry(12, 2034), "Bench"));
            return id + '\t' + merchant + "\t\\\\x" + HEX.formatHex(sealed.toBytes()) + '\t' + sealed.kekVersion()
                    + "\t\\\\x" + HEX.formatHex(vault.fingerprint(pan).toBytes()) + "\tvisa\t" + pan.last4()
                    + "\t12\t2034\n";
        }).toList();
        return String.join("", rows);
    }

    /** Each token's COPY row and its value. */
    private static List<String[]> tokenRows(CardVault vault, ValueVault values, String merchant, String run, int from,
                                            int to, int perCard, int firstCard) {
        return IntStream.range(from, to).parallel().mapToObj(i -> {
            String token = IdKind.TOKEN.generate();
            byte[] hash = vault.lookupHash(token);
            byte[] sealed = values.seal("token", hash, token.getBytes(StandardCharsets.UTF_8));
            return new String[] {merchant + '\t' + cardId(run, firstCard + i / perCard) + "\t\\\\x" + HEX.formatHex(hash)
                    + "\t\\\\x" + HEX.formatHex(sealed) + '\t' + token.substring(token.length() - 4) + '\n', token};
        }).toList();
    }
}
