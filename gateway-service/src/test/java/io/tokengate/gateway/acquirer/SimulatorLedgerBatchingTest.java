package io.tokengate.gateway.acquirer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.db.testing.TestDatabase;
import io.tokengate.gateway.support.Await;
import io.tokengate.gateway.support.IntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit of the simulator's authorizations on the real ledger table. To make a batch
 * deterministic, a test holds a batch's leader inside a statement: another session inserts a reference
 * without committing, the leader's INSERT of that reference waits on it, and the callers that
 * arrive meanwhile queue up until the test ends that session.
 */
class SimulatorLedgerBatchingTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    SimulatorLedger ledger;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;

    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Connection> blockers = new ArrayList<>();

    @AfterEach
    void release() throws Exception {
        for (Connection blocker : blockers) {
            blocker.close();
        }
        callers.shutdownNow();
    }

    @Test
    void recordAuthorizationWhenAloneThenOneStatementAndARetryGetsTheStoredReference() {
        String reference = reference();
        long before = ledger.authorizations().statements();

        String first = ledger.recordAuthorization(reference, "acq_" + reference, TestCard.Behaviour.APPROVE, 100, "EUR",
                false);
        String retried = ledger.recordAuthorization(reference, "acq_other_" + reference, TestCard.Behaviour.APPROVE,
                100, "EUR", false);

        assertThat(first).isEqualTo("acq_" + reference).isEqualTo(stored(reference));
        assertThat(retried).as("the existing authorization").isEqualTo(first);
        assertThat(ledger.authorizations().statements() - before).isEqualTo(2);
    }

    @Test
    void recordAuthorizationWhen64ConcurrentCallersThen64RowsAndEachCallerGetsItsOwn() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<String> references = new ArrayList<>();
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String reference = reference();
            references.add(reference);
            answers.add(callers.submit(() -> {
                go.await();
                return authorize(ledger, reference, "acq_" + reference, 100 + reference.length());
            }));
        }
        go.countDown();

        for (int i = 0; i < 64; i++) {
            assertThat(answers.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo("acq_" + references.get(i)).isEqualTo(stored(references.get(i)));
        }
        assertThat(count(references)).isEqualTo(64);
    }

    @Test
    void recordAuthorizationWhenCallersQueueBehindAWriteThenOneStatementWritesAllTheirRows() throws Exception {
        String held = reference();
        Connection blocker = hold(held);
        Future<String> first = submit(ledger, held, "acq_" + held);
        awaitLeaderBlocked();
        long before = ledger.authorizations().statements();
        List<String> references = new ArrayList<>();
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < AuthorizationBatcher.MAX_BATCH; i++) {
            String reference = reference();
            references.add(reference);
            answers.add(submit(ledger, reference, "acq_" + reference));
        }
        Await.until(WAIT, () -> ledger.authorizations().queued() == AuthorizationBatcher.MAX_BATCH, "all callers queued");

        blocker.rollback();

        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("acq_" + held);
        for (int i = 0; i < references.size(); i++) {
            assertThat(answers.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo("acq_" + references.get(i)).isEqualTo(stored(references.get(i)));
        }
        assertThat(ledger.authorizations().statements() - before).as("one statement for the queued callers")
                .isEqualTo(1);
        assertThat(count(references)).isEqualTo(AuthorizationBatcher.MAX_BATCH);
    }

    @Test
    void recordAuthorizationWhenOneReferenceQueuedSeveralTimesThenOneRowAndEveryoneGetsTheFirstCallersReference()
            throws Exception {
        String held = reference();
        Connection blocker = hold(held);
        submit(ledger, held, "acq_" + held);
        awaitLeaderBlocked();
        String reference = reference();
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(submit(ledger, reference, "acq_" + i + "_" + reference));
            int queued = i + 1;
            Await.until(WAIT, () -> ledger.authorizations().queued() == queued, "caller " + i + " queued in order");
        }

        blocker.rollback();

        for (Future<String> answer : answers) {
            assertThat(answer.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("acq_0_" + reference);
        }
        assertThat(count(List.of(reference))).isEqualTo(1);
        assertThat(stored(reference)).isEqualTo("acq_0_" + reference);
    }

    @Test
    void recordAuthorizationWhenOneRowOfABatchViolatesAConstraintThenOnlyItsCallerFailsAndLaterBatchesWork()
            throws Exception {
        String held = reference();
        Connection blocker = hold(held);
        submit(ledger, held, "acq_" + held);
        awaitLeaderBlocked();
        String bad = reference();
        Future<String> rejected = callers.submit(() -> ledger.recordAuthorization(bad, "acq_" + bad,
                TestCard.Behaviour.APPROVE, 100, "eur", false)); // breaks the currency CHECK
        List<String> good = List.of(reference(), reference(), reference());
        List<Future<String>> answers = good.stream().map(r -> submit(ledger, r, "acq_" + r)).toList();
        Await.until(WAIT, () -> ledger.authorizations().queued() == 4, "all callers queued");

        blocker.rollback();

        assertThatThrownBy(() -> rejected.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(DataIntegrityViolationException.class);
        for (int i = 0; i < good.size(); i++) {
            assertThat(answers.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("acq_" + good.get(i));
        }
        assertThat(count(List.of(bad))).isZero();
        String later = reference();
        assertThat(authorize(ledger, later, "acq_" + later, 100)).isEqualTo(stored(later));
    }

    @Test
    void recordAuthorizationWhenTheBatchStatementFailsThenEveryCallerOfItFailsAndLaterBatchesWork() throws Exception {
        String heldFirst = reference();
        String heldSecond = reference();
        Connection firstBlocker = hold(heldFirst);
        Connection secondBlocker = hold(heldSecond);
        Future<String> first = submit(ledger, heldFirst, "acq_" + heldFirst);
        awaitLeaderBlocked();
        List<String> references = List.of(heldSecond, reference(), reference(), reference());
        List<Future<String>> answers = references.stream().map(r -> submit(ledger, r, "acq_" + r)).toList();
        Await.until(WAIT, () -> ledger.authorizations().queued() == references.size(), "all callers queued");
        firstBlocker.rollback();
        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("acq_" + heldFirst);

        // The next leader now waits on the second held reference inside the batch of the four; cut it off.
        int leader = awaitLeaderBlocked();
        jdbc.sql("SELECT pg_terminate_backend(?)").param(leader).query().singleValue();

        List<Throwable> failures = new ArrayList<>();
        for (Future<String> answer : answers) {
            assertThatThrownBy(() -> answer.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(DataAccessException.class)
                    .satisfies(e -> failures.add(e.getCause()));
        }
        assertThat(failures).as("one failure, shared by the batch").allSatisfy(e -> assertThat(e).isSameAs(failures.get(0)));
        secondBlocker.rollback();
        assertThat(count(references)).isZero();
        String later = reference();
        assertThat(authorize(ledger, later, "acq_" + later, 100)).isEqualTo(stored(later));
    }

    @Test
    void recordAuthorizationWhenCallerInterruptedBeforeItsBatchThenItGivesUpAndNothingIsWritten() throws Exception {
        String held = reference();
        Connection blocker = hold(held);
        Future<String> first = submit(ledger, held, "acq_" + held);
        awaitLeaderBlocked();
        String abandoned = reference();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                authorize(ledger, abandoned, "acq_" + abandoned, 100);
                outcome.complete(null);
            } catch (RuntimeException e) {
                outcome.complete(e);
            }
        });
        Await.until(WAIT, () -> ledger.authorizations().queued() == 1, "caller queued");

        caller.interrupt();

        assertThat(outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(SimulatedAcquirer.SimulatorInterruptedException.class);
        blocker.rollback();
        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("acq_" + held);
        String later = reference();
        assertThat(authorize(ledger, later, "acq_" + later, 100)).as("queued behind the withdrawn row")
                .isEqualTo(stored(later));
        assertThat(count(List.of(abandoned))).isZero();
    }

    @Test
    void closeWhenCallersQueuedThenTheirRowsAreWrittenAndLaterCallsFailFast() throws Exception {
        SimulatorLedger own = new SimulatorLedger(jdbc, tx);
        String held = reference();
        Connection blocker = hold(held);
        Future<String> inFlight = submit(own, held, "acq_" + held);
        awaitLeaderBlocked();
        String queued = reference();
        Future<String> waiting = submit(own, queued, "acq_" + queued);
        Await.until(WAIT, () -> own.authorizations().queued() == 1, "caller queued");
        CompletableFuture<Void> closing = CompletableFuture.runAsync(own::close, callers);
        Await.until(WAIT, () -> !own.authorizations().open(), "close() began");
        assertThat(closing).as("close() waits for the queued caller").isNotDone();

        blocker.rollback();
        closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(inFlight.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(stored(held));
        assertThat(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(stored(queued));
        String late = reference();
        assertThatThrownBy(() -> authorize(own, late, "acq_" + late, 100))
                .isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(count(List.of(late))).isZero();
    }

    private Future<String> submit(SimulatorLedger target, String reference, String acquirerReference) {
        return callers.submit(() -> authorize(target, reference, acquirerReference, 100));
    }

    private static String authorize(SimulatorLedger target, String reference, String acquirerReference, long amount) {
        return target.recordAuthorization(reference, acquirerReference, TestCard.Behaviour.APPROVE, amount, "EUR", false);
    }

    /** Inserts the reference in a transaction left open, so a batch's INSERT of it waits. */
    private Connection hold(String reference) throws Exception {
        Connection blocker = TestDatabase.get().connect();
        blockers.add(blocker);
        blocker.setAutoCommit(false);
        try (PreparedStatement st = blocker.prepareStatement("""
                INSERT INTO acquirer_sim_ledger (reference, kind, acquirer_reference, behaviour, status, amount)
                VALUES (?, 'authorization', ?, 'APPROVE', 'authorized', 1)""")) {
            st.setString(1, reference);
            st.setString(2, "acq_blocker_" + reference);
            st.executeUpdate();
        }
        return blocker;
    }

    /** The backend pid of a batch's leader once its statement waits on a held row. */
    private int awaitLeaderBlocked() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var pid = jdbc.sql("""
                            SELECT pid FROM pg_stat_activity
                             WHERE datname = current_database() AND wait_event_type = 'Lock'
                               AND query LIKE '%INSERT INTO acquirer_sim_ledger%unnest(%'""")
                    .query(Integer.class).optional();
            if (pid.isPresent()) {
                return pid.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no batch ever waited on the held row");
    }

    private String stored(String reference) {
        return jdbc.sql("SELECT acquirer_reference FROM acquirer_sim_ledger WHERE reference = ?").param(reference)
                .query(String.class).single();
    }

    private int count(List<String> references) {
        return jdbc.sql("SELECT count(*) FROM acquirer_sim_ledger WHERE reference = ANY (?)")
                .param(references.toArray(String[]::new)).query(Integer.class).single();
    }

    private static String reference() {
        return "batch_" + UUID.randomUUID();
    }
}
