package io.tokengate.vault;

import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.Expiry;
import io.tokengate.vault.card.Pan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The vault's public operations end to end: a fresh data key per card, the KEK wrap, AES-256-GCM,
 * payload encoding. The target is seal plus open under 10 µs on one core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VaultBenchmark {

    private Path dir;
    private KeyRing ring;
    private CardVault vault;
    private CardRef ref;
    private CardPayload card;
    private SealedCard sealed;
    private SealedCard sealedUnderOldKek;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("vault-bench");
        ring = KeyRing.openOrCreate(dir.resolve("keys.bcfks"), "benchmark-only".toCharArray(), true);
        vault = new CardVault(ring, Clock.systemUTC());
        ref = CardRef.of("card_7Hq2LmX9pQ4rT1vW8yZ3aB");
        card = new CardPayload(Pan.parse("4242424242424242"), new Expiry(12, 2034), "Jane Q. Cardholder");
        sealedUnderOldKek = vault.seal(ref, card);
        ring.rotate();
        sealed = vault.seal(ref, card);
    }

    @TearDown
    public void tearDown() throws IOException {
        ring.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public SealedCard seal() {
        return vault.seal(ref, card);
    }

    @Benchmark
    public CardPayload open() {
        return vault.open(ref, sealed);
    }

    @Benchmark
    public CardPayload sealThenOpen() {
        return vault.open(ref, vault.seal(ref, card));
    }

    /** What the background re-wrap job pays per card after a rotation (verify, unwrap, wrap). */
    @Benchmark
    public SealedCard rewrap() {
        return vault.rewrap(ref, sealedUnderOldKek);
    }
}
