package io.tokengate.gateway.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Group commit: the writes of concurrent callers go to PostgreSQL as one statement in one
 * transaction, and each caller returns only once the batch holding its item has committed. On the
 * charge path this divides the per-statement and per-commit work of PostgreSQL (parse, executor
 * start-up, CHECK preparation, the commit's WAL flush) by the batch size.
 *
 * <p>Decisions:
 * <ul>
 * <li>Natural batching, no timer: one flusher blocks on the queue while it is empty and takes at most
 *     {@code maxBatch} items when it wakes; callers that arrive while a batch is being written form the
 *     next one. A lone caller pays one thread hand-off, never a wait for company.</li>
 * <li>The flusher is a platform thread: every caller waits on it, so it gets an OS thread of its own
 *     instead of queueing for one of the few virtual-thread carriers behind the callers.</li>
 * <li>A batch that fails because the database cannot be reached fails each of its callers with that
 *     exception (the same instance for all): trying each alone would only wait for it again. Any
 *     other failure may be one item's (a constraint, a row that differs from what was expected), so
 *     each caller then writes its item alone, on its own thread, and gets its own answer or error,
 *     as if there had been no batching.</li>
 * <li>An interrupted caller whose item the flusher has not taken yet withdraws it: nothing is
 *     written. An item already taken is written or not; the caller cannot know.</li>
 * <li>A caller inside a transaction writes alone, in that transaction: a batch commits on its own,
 *     which would cut the caller's change in two.</li>
 * <li>After {@link #close()} (which writes what was queued before it, waiting at most
 *     {@code closeWait}), every caller writes its item alone: shutting the flusher down never fails
 *     a write that the database could still take.</li>
 * </ul>
 * Nothing here coordinates instances: each gateway batches its own callers.
 *
 * @param <I> what a caller writes
 * @param <O> what the caller gets back
 */
public final class GroupCommit<I, O> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** Writes the items in one transaction, all or nothing. */
    @FunctionalInterface
    public interface BatchWriter<I, O> {
        /** @return one result per item, in the order of {@code items} */
        List<O> write(List<I> items);
    }

    private final Entry<I, O> stop = new Entry<>(null);
    private final BlockingQueue<Entry<I, O>> queue = new LinkedBlockingQueue<>();
    private final BatchWriter<I, O> writer;
    private final int maxBatch;
    private final Duration closeWait;
    private final Thread flusher;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong splits = new AtomicLong();
    private volatile boolean open = true;

    private GroupCommit(String threadName, int maxBatch, Duration closeWait, BatchWriter<I, O> writer) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.writer = Objects.requireNonNull(writer, "writer");
        this.maxBatch = maxBatch;
        this.closeWait = closeWait;
        this.flusher = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::run);
    }

    public static <I, O> GroupCommit<I, O> start(String threadName, int maxBatch, Duration closeWait,
                                                 BatchWriter<I, O> writer) {
        GroupCommit<I, O> batcher = new GroupCommit<>(threadName, maxBatch, closeWait, writer);
        batcher.flusher.start();
        return batcher;
    }

    /**
     * Writes the item with the next batch and waits for that batch's commit.
     *
     * @param alone writes this item on its own (joining the caller's transaction if there is one, else
     *              in one of its own); run on the caller's thread when the caller is in a transaction,
     *              when its batch failed for a reason that may be this item's, or after {@link #close()}
     * @throws InterruptedException when the caller stopped waiting (see the class comment)
     * @throws org.springframework.dao.DataAccessException when the database could not be reached
     */
    public O submit(I item, Function<I, O> alone) throws InterruptedException {
        Objects.requireNonNull(item, "item");
        if (!open || TransactionSynchronizationManager.isActualTransactionActive()) {
            return alone.apply(item);
        }
        Entry<I, O> entry = new Entry<>(item);
        queue.add(entry);
        if (!open && entry.claim()) {
            return alone.apply(item); // queued after close() swept the queue: nobody else will take it
        }
        Outcome<O> outcome;
        try {
            outcome = entry.result.get();
        } catch (InterruptedException e) {
            entry.claim();
            throw e;
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
        return outcome.writeAlone ? alone.apply(item) : outcome.value;
    }

    /** Batches written so far, failed ones included (tests observe the grouping through it). */
    public long batches() {
        return batches.get();
    }

    /** Batches that failed and were written item by item. */
    public long splits() {
        return splits.get();
    }

    /** Items waiting for the flusher, withdrawn ones included. */
    public int queued() {
        return queue.size();
    }

    private void run() {
        List<Entry<I, O>> drained = new ArrayList<>(maxBatch);
        while (true) {
            try {
                drained.add(queue.take());
            } catch (InterruptedException e) {
                return; // nobody interrupts the flusher but a JVM going down
            }
            queue.drainTo(drained, maxBatch - 1);
            boolean stopping = drained.remove(stop);
            List<Entry<I, O>> batch = drained.stream().filter(Entry::claim).toList();
            drained.clear();
            if (!batch.isEmpty()) {
                flush(batch);
            }
            if (stopping) {
                return;
            }
        }
    }

    private void flush(List<Entry<I, O>> batch) {
        batches.incrementAndGet();
        List<O> results;
        try {
            results = writer.write(batch.stream().map(e -> e.item).toList());
            if (results.size() != batch.size()) {
                throw new IllegalStateException("batch writer returned " + results.size() + " results for "
                        + batch.size() + " items");
            }
        } catch (DataAccessResourceFailureException | CannotCreateTransactionException | Error e) {
            batch.forEach(entry -> entry.result.completeExceptionally(e));
            return;
        } catch (RuntimeException e) {
            splits.incrementAndGet();
            // The exception's class and SQL state only: a message may quote the batch's values.
            log.warn("{}: a batch of {} failed ({}{}); each item is written alone", flusher.getName(), batch.size(),
                    e.getClass().getName(), sqlState(e));
            batch.forEach(entry -> entry.result.complete(Outcome.alone()));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result.complete(Outcome.of(results.get(i)));
        }
    }

    /** Writes what is queued, stops the flusher; later callers write alone. */
    @Override
    public void close() {
        open = false;
        queue.add(stop);
        try {
            flusher.join(closeWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Entry<I, O> e; (e = queue.poll()) != null; ) {
            if (e != stop && e.claim()) {
                e.result.complete(Outcome.alone());
            }
        }
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return ", SQL state " + sql.getSQLState();
            }
        }
        return "";
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException e) {
            return e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("group commit failed", cause);
    }

    /** The batch's result for one item, or word that the item must be written alone. */
    private record Outcome<O>(O value, boolean writeAlone) {
        static <O> Outcome<O> of(O value) {
            return new Outcome<>(value, false);
        }

        static <O> Outcome<O> alone() {
            return new Outcome<>(null, true);
        }
    }

    /** One caller's item; whoever claims it first (flusher, withdrawing caller, close) answers it. */
    private static final class Entry<I, O> {
        final I item;
        final CompletableFuture<Outcome<O>> result = new CompletableFuture<>();
        private final AtomicBoolean claimed = new AtomicBoolean();

        Entry(I item) {
            this.item = item;
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }
    }
}
