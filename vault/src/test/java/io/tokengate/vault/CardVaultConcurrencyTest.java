package io.tokengate.vault;

import static io.tokengate.vault.TestCards.aCard;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.vault.card.CardPayload;
import io.tokengate.vault.card.Luhn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CardVaultConcurrencyTest {

    private static final int THREADS = 8;
    private static final int OPS = 2_000;

    @TempDir
    Path dir;

    record Stored(CardRef ref, CardPayload card, SealedCard sealed) {
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sealAndOpenWhenEightThreadsAndConcurrentRotationsThenEveryCardRoundTrips() throws Exception {
        try (KeyRing ring = TestCards.newRing(dir)) {
            CardVault vault = new CardVault(ring, TestCards.NOW);
            AtomicBoolean rotating = new AtomicBoolean(true);
            Set<Integer> versionsSeen = ConcurrentHashMap.newKeySet();
            ConcurrentLinkedQueue<Stored> stored = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
            try {
                List<Future<Integer>> workers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    workers.add(pool.submit(() -> {
                        start.await();
                        int done = 0;
                        // At least OPS each, and keep going until the rotations are over so they
                        // really overlap with sealing.
                        while (done < OPS || rotating.get()) {
                            CardRef ref = CardRef.of("card_t" + thread + "_" + done);
                            CardPayload card = cardFor(thread, done);
                            SealedCard sealed = vault.seal(ref, card);
                            versionsSeen.add(sealed.kekVersion());
                            CardPayload opened = vault.open(ref, SealedCard.fromBytes(sealed.toBytes()));
                            if (!opened.equals(card)) {
                                throw new AssertionError("round trip changed card " + ref);
                            }
                            if (done % 50 == 0) {
                                stored.add(new Stored(ref, card, sealed));
                            }
                            done++;
                        }
                        return done;
                    }));
                }
                Future<?> rotator = pool.submit(() -> {
                    start.await();
                    try {
                        Thread.sleep(20);
                        ring.rotate();
                        ring.rotate();
                    } finally {
                        rotating.set(false);
                    }
                    return null;
                });
                start.countDown();
                rotator.get(100, TimeUnit.SECONDS);
                for (Future<Integer> worker : workers) {
                    assertThat(worker.get(100, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(OPS);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(ring.currentKekVersion()).isEqualTo(3);
            // Sealing went on across at least one rotation.
            assertThat(versionsSeen).contains(1, 2);
            for (Stored s : stored) {
                SealedCard current = vault.rewrap(s.ref(), s.sealed());
                assertThat(current.kekVersion()).isEqualTo(3);
                assertThat(vault.open(s.ref(), current)).isEqualTo(s.card());
                assertThat(vault.open(s.ref(), s.sealed())).isEqualTo(s.card());
            }
        }
    }

    /** A distinct valid Visa number per thread and operation. */
    private static CardPayload cardFor(int thread, int op) {
        String body = String.format("4%02d%012d", thread, op);
        return aCard().pan(body + Luhn.checkDigit(body)).build();
    }
}
