package io.tokengate.gateway.rotation;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.OpsFixture.TestMerchant;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Rotation through the ops API and the online re-wrap behind it, against the running gateway. */
class KeyRotationTest extends RotationTestSupport {

    @Test
    void rotateWhenCardsAndTokensExistThenEverythingIsRewrappedAndStillOpens() throws Exception {
        int before = rotateAndSettle();
        TestMerchant merchant = fixture().merchant();
        seedCards(merchant.id(), 300);
        String imported = merchant.importCard("4242424242424242");

        JsonNode started = rotate();
        assertThat(started.get("object").asString()).isEqualTo("key_rotation");
        assertThat(started.get("from_version").asInt()).isEqualTo(before);
        int to = started.get("to_version").asInt();
        assertThat(to).isEqualTo(before + 1);
        assertThat(keyRing.currentKekVersion()).isEqualTo(to);
        assertThat(started.get("cards_total").asLong()).isGreaterThanOrEqualTo(301);
        JsonNode done = awaitCompleted(started.get("id").asString(), Duration.ofSeconds(30));

        assertThat(done.get("cards_rewrapped").asLong()).isEqualTo(done.get("cards_total").asLong())
                .isGreaterThanOrEqualTo(301);
        assertThat(done.get("tokens_rewrapped").asLong()).isGreaterThanOrEqualTo(301);
        assertThat(done.get("completed_at").isNull()).isFalse();
        assertThat(rowsNotUnder(to)).isZero();
        assertThat(openEverything()).isZero();
        HttpResponse<String> charge = merchant.client("charges:write").post("/v1/charges",
                "{\"token\": \"" + imported + "\", \"amount\": 500, \"currency\": \"EUR\"}");
        assertThat(charge.statusCode()).as(charge.body()).isEqualTo(201);

        JsonNode ring = json(ops().get("/ops/keys"));
        assertThat(ring.get("current_version").asInt()).isEqualTo(to);
        assertThat(ring.get("rewrapping").isNull()).isTrue();
        for (JsonNode v : ring.get("versions")) {
            int version = v.get("version").asInt();
            assertThat(v.get("status").asString()).isEqualTo(version == to ? "active"
                    : v.get("status").asString().equals("destroyed") ? "destroyed" : "retired");
            assertThat(v.get("cards").asLong()).isEqualTo(cardsUnder(version));
            assertThat(v.get("tokens").asLong()).isEqualTo(tokensUnder(version));
        }
        JsonNode audit = json(ops().get("/ops/audit?action=kek.&limit=100"));
        List<String> actions = new ArrayList<>();
        audit.get("data").forEach(row -> {
            if (started.get("id").asString().equals(row.get("subject_id").asString())) {
                actions.add(row.get("action").asString());
            }
        });
        assertThat(actions).contains("kek.rotated", "kek.rewrap_batch", "kek.rewrap_completed");
    }

    @Test
    void rotateWhileChargesRunThenEveryChargeSucceedsAndEveryCardOpens() throws Exception {
        rotateAndSettle();
        TestMerchant merchant = fixture().merchant();
        seedCards(merchant.id(), 3_000);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tokens.add(merchant.importCard(randomVisa()));
        }
        String secret = fixture().issueKey(merchant.id(), "charges:write");
        // Small, paced batches, so the re-wrap takes a few seconds and the charges overlap it.
        keys.getRewrap().setBatchSize(250);
        rewrapAtMost(2_500);
        walkByHeapPage();

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger duringRewrap = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService chargers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        AtomicBoolean rewrapping = new AtomicBoolean();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            running.add(chargers.submit(() -> {
                int i = 0;
                while (!stop.get()) {
                    String token = tokens.get((thread * 2 + i++) % tokens.size());
                    boolean during = rewrapping.get();
                    HttpResponse<String> r = fixture().client(secret).post("/v1/charges",
                            "{\"token\": \"" + token + "\", \"amount\": 100, \"currency\": \"EUR\"}");
                    statuses.computeIfAbsent(r.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                    if (r.statusCode() != 201) {
                        failures.add(r.statusCode() + " " + r.body());
                    } else if (during && rewrapping.get()) {
                        duringRewrap.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        try {
            Thread.sleep(300);
            JsonNode started = rotate();
            rewrapping.set(true);
            int to = started.get("to_version").asInt();
            JsonNode done = awaitCompleted(started.get("id").asString(), Duration.ofSeconds(60));
            rewrapping.set(false);
            Thread.sleep(300);
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
            assertThat(failures).as("charges that failed: %s", statuses).isEmpty();
            assertThat(duringRewrap.get()).as("charges that succeeded while the re-wrap ran").isGreaterThan(20);
            assertThat(done.get("cards_rewrapped").asLong()).isGreaterThanOrEqualTo(3_008);
            assertThat(rowsNotUnder(to)).isZero();
            assertThat(openEverything()).isZero();
        } finally {
            stop.set(true);
            chargers.shutdownNow();
        }
    }

    @Test
    void rewrapWhenABatchCrashesMidwayThenOnlyThatBatchIsLostAndARestartCompletesIt() throws Exception {
        rotateAndSettle();
        seedCards(fixture().merchant().id(), 600);
        keys.getRewrap().setBatchSize(100);
        walkByHeapPage();
        faults.crashAfter(2);

        JsonNode started = rotate();
        String id = started.get("id").asString();
        int to = started.get("to_version").asInt();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (faults.crashes() == 0) {
            assertThat(System.nanoTime()).as("the injected crash happened").isLessThan(deadline);
            Thread.sleep(50);
        }
        Thread.sleep(1_500); // the job stays down, like a crashed instance
        JsonNode midway = rotation(id);
        assertThat(midway.get("status").asString()).isEqualTo("rewrapping");
        long moved = midway.get("cards_rewrapped").asLong();
        assertThat(moved).as("two batches committed").isPositive()
                .isLessThan(midway.get("cards_total").asLong());
        assertThat(cardsUnder(to)).as("the progress is exactly what committed; the third batch rolled back")
                .isEqualTo(moved);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_events WHERE action = 'kek.rewrap_batch' "
                + "AND subject_id = ?", Long.class, id)).isEqualTo(2);
        assertThat(openEverything()).isZero();

        faults.recover();
        JsonNode done = awaitCompleted(id, Duration.ofSeconds(30));
        assertThat(done.get("cards_rewrapped").asLong()).isEqualTo(done.get("cards_total").asLong())
                .isGreaterThanOrEqualTo(600);
        assertThat(rowsNotUnder(to)).isZero();
        assertThat(openEverything()).isZero();
    }

    @Test
    void rotateWhenARewrapIsStillRunningThenStateConflict() throws Exception {
        rotateAndSettle();
        faults.crashAfter(0);
        seedCards(fixture().merchant().id(), 10);
        JsonNode started = rotate();
        try {
            HttpResponse<String> again = ops().send("POST", "/ops/keys/rotate", null, null);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
            assertThat(json(again).get("code").asString()).isEqualTo("state_conflict");
            assertThat(json(ops().get("/ops/keys")).get("rewrapping").asString())
                    .isEqualTo(started.get("id").asString());
        } finally {
            faults.recover();
        }
        awaitCompleted(started.get("id").asString(), Duration.ofSeconds(30));
    }

    @Test
    void listWhenSeveralRotationsThenNewestFirstWithCursor() throws Exception {
        int a = rotateAndSettle();
        int b = rotateAndSettle();
        JsonNode first = json(ops().get("/ops/keys/rotations?limit=1"));
        assertThat(first.get("data").get(0).get("to_version").asInt()).isEqualTo(b);
        assertThat(first.get("has_more").asBoolean()).isTrue();
        JsonNode second = json(ops().get("/ops/keys/rotations?limit=1&starting_after="
                + first.get("next_cursor").asString()));
        assertThat(second.get("data").get(0).get("to_version").asInt()).isEqualTo(a);
        assertThat(ops().get("/ops/keys/rotations/rot_doesNotExist0000").statusCode()).isEqualTo(404);
    }
}
