package io.tokengate.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokengate.gateway.support.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The batching and failure routing of {@link GroupCommit}, with a writer in memory: what it groups,
 * who answers each caller, and what close and interruption do. The batches it writes to PostgreSQL
 * are tested with their writers (the charge approvals, over HTTP).
 */
class GroupCommitTest {

    private static final long WAIT_S = 10;
    private static final Duration WAIT = Duration.ofSeconds(WAIT_S);

    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<List<String>> written = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstBatchHeld = new CountDownLatch(1);
    private final CountDownLatch releaseFirstBatch = new CountDownLatch(1);
    private final List<Thread> writers = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failBatchesOfMoreThanOne;
    private GroupCommit<String, String> group;

    @AfterEach
    void stop() {
        releaseFirstBatch.countDown();
        if (group != null) {
            group.close();
        }
        callers.shutdownNow();
    }

    /** Upper-cases each item; the first batch waits until the test releases it. */
    private List<String> write(List<String> items) {
        writers.add(Thread.currentThread());
        if (written.isEmpty() && firstBatchHeld.getCount() > 0) {
            firstBatchHeld.countDown();
            await(releaseFirstBatch);
        }
        if (items.size() > 1 && failBatchesOfMoreThanOne != null) {
            throw failBatchesOfMoreThanOne;
        }
        written.add(items);
        return items.stream().map(String::toUpperCase).toList();
    }

    private GroupCommit<String, String> start(int maxBatch) {
        group = GroupCommit.create("group-commit-test", maxBatch, Duration.ofSeconds(5), this::write);
        return group;
    }

    @Test
    void submitWhenAloneThenOneBatchOfOneWrittenOnTheCallersOwnThread() throws Exception {
        start(8);
        releaseFirstBatch.countDown();

        assertThat(group.submit("a", item -> "alone")).isEqualTo("A");
        assertThat(written).containsExactly(List.of("a"));
        assertThat(group.batches()).isEqualTo(1);
        assertThat(writers).containsExactly(Thread.currentThread());
    }

    @Test
    void submitWhenCallersQueueBehindABatchThenTheyFormTheNextOneAndEachGetsItsOwnResult() throws Exception {
        start(8);
        List<Future<String>> queued = queueBehindHeldBatch(5);
        Future<String> first = queued.removeFirst();

        releaseFirstBatch.countDown();

        assertThat(first.get(WAIT_S, TimeUnit.SECONDS)).isEqualTo("FIRST");
        for (int i = 0; i < 5; i++) {
            assertThat(queued.get(i).get(WAIT_S, TimeUnit.SECONDS)).isEqualTo("ITEM" + i);
        }
        assertThat(written).hasSize(2);
        assertThat(written.get(1)).containsExactlyInAnyOrder("item0", "item1", "item2", "item3", "item4");
        assertThat(writers).as("the first batch written by its caller, the next by the flusher").hasSize(2);
        assertThat(writers.get(0).isVirtual()).isTrue();
        assertThat(writers.get(1).getName()).isEqualTo("group-commit-test flusher");
    }

    @Test
    void submitWhenMoreQueuedThanMaxBatchThenBatchesOfAtMostMaxBatch() throws Exception {
        start(2);
        List<Future<String>> all = queueBehindHeldBatch(5);

        releaseFirstBatch.countDown();

        for (Future<String> f : all) {
            f.get(WAIT_S, TimeUnit.SECONDS);
        }
        assertThat(written).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(2));
        assertThat(written.stream().mapToInt(List::size).sum()).isEqualTo(6);
    }

    @Test
    void submitWhenTheBatchFailsForAnItemThenEachCallerWritesAloneAndGetsItsOwnAnswerOrError() throws Exception {
        start(8);
        failBatchesOfMoreThanOne = new IllegalStateException("one row is wrong");
        Future<String> first = submit("first", item -> "alone");
        firstBatchHeld.await(WAIT_S, TimeUnit.SECONDS);
        List<Thread> aloneThreads = new CopyOnWriteArrayList<>();
        Function<String, String> alone = item -> {
            aloneThreads.add(Thread.currentThread());
            if (item.equals("bad")) {
                throw new IllegalArgumentException("bad alone");
            }
            return "alone:" + item;
        };
        Future<String> good1 = submit("good1", alone);
        Future<String> bad = submit("bad", alone);
        Future<String> good2 = submit("good2", alone);
        Await.until(WAIT, () -> group.queued() == 3, "three callers queued");

        releaseFirstBatch.countDown();

        assertThat(first.get(WAIT_S, TimeUnit.SECONDS)).isEqualTo("FIRST");
        assertThat(good1.get(WAIT_S, TimeUnit.SECONDS)).isEqualTo("alone:good1");
        assertThat(good2.get(WAIT_S, TimeUnit.SECONDS)).isEqualTo("alone:good2");
        assertThatThrownBy(() -> bad.get(WAIT_S, TimeUnit.SECONDS)).cause()
                .isInstanceOf(IllegalArgumentException.class).hasMessage("bad alone");
        assertThat(group.splits()).isEqualTo(1);
        assertThat(aloneThreads).as("each on its caller's thread").hasSize(3).doesNotHaveDuplicates()
                .allSatisfy(t -> assertThat(t.isVirtual()).isTrue());
    }

    @Test
    void submitWhenTheDatabaseIsUnreachableThenEveryCallerOfTheBatchGetsThatErrorAndNobodyRetriesAlone()
            throws Exception {
        start(8);
        DataAccessResourceFailureException down = new DataAccessResourceFailureException("database unreachable");
        failBatchesOfMoreThanOne = down;
        Future<String> first = submit("first", item -> "alone");
        firstBatchHeld.await(WAIT_S, TimeUnit.SECONDS);
        List<String> wroteAlone = new CopyOnWriteArrayList<>();
        List<Future<String>> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(submit("item" + i, item -> {
                wroteAlone.add(item);
                return "alone";
            }));
        }
        Await.until(WAIT, () -> group.queued() == 3, "three callers queued");

        releaseFirstBatch.countDown();

        first.get(WAIT_S, TimeUnit.SECONDS);
        for (Future<String> f : queued) {
            assertThatThrownBy(() -> f.get(WAIT_S, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isSameAs(down);
        }
        assertThat(wroteAlone).isEmpty();
        assertThat(group.splits()).isZero();
    }

    @Test
    void closeWhenCallersAreQueuedThenTheirBatchIsWrittenAndLaterCallersWriteAlone() throws Exception {
        start(8);
        Future<String> first = submit("first", item -> "alone");
        firstBatchHeld.await(WAIT_S, TimeUnit.SECONDS);
        Future<String> queued = submit("queued", item -> "alone");
        Await.until(WAIT, () -> group.queued() == 1, "one caller queued");

        Future<?> closing = callers.submit(group::close);
        releaseFirstBatch.countDown();
        closing.get(WAIT_S, TimeUnit.SECONDS);

        assertThat(first.get(WAIT_S, TimeUnit.SECONDS)).isEqualTo("FIRST");
        assertThat(queued.get(WAIT_S, TimeUnit.SECONDS)).isEqualTo("QUEUED");
        assertThat(group.submit("later", item -> "alone:" + item)).isEqualTo("alone:later");
        assertThat(written).containsExactly(List.of("first"), List.of("queued"));
    }

    @Test
    void submitWhenInterruptedBeforeItsBatchIsTakenThenItIsWithdrawnAndNeverWritten() throws Exception {
        start(8);
        Future<String> first = submit("first", item -> "alone");
        firstBatchHeld.await(WAIT_S, TimeUnit.SECONDS);
        CountDownLatch withdrawn = new CountDownLatch(1);
        Thread abandoning = Thread.ofVirtual().start(() -> {
            try {
                group.submit("abandoned", item -> "alone");
            } catch (InterruptedException e) {
                withdrawn.countDown();
            }
        });
        Await.until(WAIT, () -> group.queued() == 1, "the abandoning caller queued");
        Future<String> kept = submit("kept", item -> "alone");
        Await.until(WAIT, () -> group.queued() == 2, "two callers queued");

        abandoning.interrupt();
        assertThat(withdrawn.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        releaseFirstBatch.countDown();

        assertThat(first.get(WAIT_S, TimeUnit.SECONDS)).isEqualTo("FIRST");
        assertThat(kept.get(WAIT_S, TimeUnit.SECONDS)).isEqualTo("KEPT");
        assertThat(written).containsExactly(List.of("first"), List.of("kept"));
    }

    @Test
    void submitWhenTheCallerIsInATransactionThenItWritesAloneInItAndNoBatchHoldsIt() throws Exception {
        start(8);
        releaseFirstBatch.countDown();
        TransactionSynchronizationManager.setActualTransactionActive(true);
        try {
            assertThat(group.submit("inside", item -> "alone:" + item)).isEqualTo("alone:inside");
        } finally {
            TransactionSynchronizationManager.setActualTransactionActive(false);
        }
        assertThat(written).isEmpty();
        assertThat(group.batches()).isZero();
    }

    /** Submits "first", waits until the writer holds its batch, queues item0.. behind it; returns all, first first. */
    private List<Future<String>> queueBehindHeldBatch(int n) throws InterruptedException {
        List<Future<String>> futures = new ArrayList<>();
        futures.add(submit("first", item -> "alone"));
        assertThat(firstBatchHeld.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < n; i++) {
            futures.add(submit("item" + i, item -> "alone"));
        }
        Await.until(WAIT, () -> group.queued() == n, n + " callers queued");
        return futures;
    }

    private Future<String> submit(String item, Function<String, String> alone) {
        return callers.submit(() -> group.submit(item, alone));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_S, TimeUnit.SECONDS)) {
                throw new AssertionError("latch never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
