package io.tokengate.gateway.web;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Group commit: the writes (or reads) of concurrent callers go to PostgreSQL as one statement in one
 * transaction, and each caller returns only once the batch holding its item has committed. On the
 * charge path this divides the per-statement and per-commit work of PostgreSQL (parse, executor
 * start-up, CHECK preparation, the commit's WAL flush) by the batch size.
 *
 * <p>Decisions:
 * <ul>
 * <li>No timer. A caller that finds no batch in flight leads: it writes its own item, as a batch of
 *     one, on its own thread, so a lone caller pays no thread hand-off and waits for nobody. Callers
 *     arriving while a batch is in flight queue; when the leader's batch has committed and callers
 *     are queued, it hands the lead to the flusher, a platform thread, which writes them (at most
 *     {@code maxBatch} a batch) batch after batch while callers keep queueing, and lays the lead
 *     down when the queue is empty. Under load the batches thus follow each other without a thread
 *     wake-up between them, and the flusher gets an OS thread of its own instead of queueing for one
 *     of the few virtual-thread carriers behind the callers.</li>
 * <li>A batch that fails because the database cannot be reached fails each of its callers with that
 *     exception (the same instance for all): trying each alone would only wait for it again. Any
 *     other failure may be one item's (a constraint, a row that differs from what was expected), so
 *     each caller then writes its item alone, on its own thread, and gets its own answer or error,
 *     as if there had been no batching.</li>
 * <li>An interrupted caller whose item no batch has taken yet withdraws it: nothing is written. An
 *     item already in a batch is written or not; the caller cannot know.</li>
 * <li>A caller inside a transaction writes alone, in that transaction: a batch commits on its own,
 *     which would cut the caller's change in two.</li>
 * <li>After {@link #close()} (which waits at most {@code closeWait} for the batches in flight and
 *     queued before it), every caller writes its item alone: shutting down never fails a write that
 *     the database could still take.</li>
 * </ul>
 * The same serves reads that many requests make at once (API key lookups, token reads): a batch's
 * statement starts after every caller in it asked, so each sees at least what had committed when it
 * asked, as with a statement of its own.
 *
 * <p>Nothing here coordinates instances: each gateway batches its own callers.
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

    private final String name;
    private final BatchWriter<I, O> writer;
    private final int maxBatch;
    private final Duration closeWait;
    private final Thread flusher;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever the lead or the queue changes hands. */
    private final Condition changed = lock.newCondition();
    /** Guarded by {@link #lock}: callers waiting for the next batch, in arrival order. */
    private final ArrayDeque<Entry<I, O>> queue = new ArrayDeque<>();
    /** Guarded by {@link #lock}: a caller or the flusher is writing a batch, or the flusher was handed the lead. */
    private boolean leading;
    /** Guarded by {@link #lock}: the lead is the flusher's. */
    private boolean flusherLeads;
    /** Guarded by {@link #lock}: close() began; the flusher ends once nobody leads. */
    private boolean stopping;
    /** Guarded by {@link #lock}: the flusher has ended. */
    private boolean flusherEnded;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong splits = new AtomicLong();
    private volatile boolean open = true;

    private GroupCommit(String name, int maxBatch, Duration closeWait, BatchWriter<I, O> writer) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.name = Objects.requireNonNull(name, "name");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.maxBatch = maxBatch;
        this.closeWait = closeWait;
        this.flusher = Thread.ofPlatform().name(name + " flusher").daemon(true).unstarted(this::runFlusher);
    }

    /** @param name names the flusher thread and the batches in the log */
    public static <I, O> GroupCommit<I, O> create(String name, int maxBatch, Duration closeWait,
                                                  BatchWriter<I, O> writer) {
        GroupCommit<I, O> group = new GroupCommit<>(name, maxBatch, closeWait, writer);
        group.flusher.start();
        return group;
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
        List<Entry<I, O>> batch = null;
        lock.lock();
        try {
            if (leading) {
                queue.add(entry);
            } else {
                leading = true; // nobody leading means nobody queued: the batch is this caller's alone
                batch = List.of(entry);
            }
        } finally {
            lock.unlock();
        }
        if (batch != null) {
            try {
                flush(batch);
            } finally {
                layDownOrPass();
            }
        }
        Outcome<O> outcome = await(entry);
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

    /** Callers waiting for the next batch. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private Outcome<O> await(Entry<I, O> entry) throws InterruptedException {
        try {
            return entry.result.get();
        } catch (InterruptedException e) {
            lock.lock();
            try {
                queue.remove(entry); // withdrawn if no batch took it yet; written or not otherwise
            } finally {
                lock.unlock();
            }
            throw e;
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** After a caller's batch: the flusher takes the lead when callers queued meanwhile. */
    private void layDownOrPass() {
        lock.lock();
        try {
            if (queue.isEmpty()) {
                leading = false;
            } else if (flusherEnded) {
                // A caller that got past close() led; those queued behind it write alone, as after close.
                for (Entry<I, O> e; (e = queue.poll()) != null; ) {
                    e.result.complete(Outcome.alone());
                }
                leading = false;
            } else {
                flusherLeads = true;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void runFlusher() {
        lock.lock();
        try {
            while (true) {
                while (!flusherLeads && !(stopping && !leading)) {
                    changed.awaitUninterruptibly();
                }
                if (!flusherLeads) {
                    flusherEnded = true; // stopping, and nobody leads: nothing is queued
                    return;
                }
                List<Entry<I, O>> batch = new ArrayList<>();
                while (batch.size() < maxBatch && !queue.isEmpty()) {
                    batch.add(queue.poll());
                }
                if (!batch.isEmpty()) {
                    lock.unlock();
                    try {
                        flush(batch);
                    } finally {
                        lock.lock();
                    }
                }
                if (queue.isEmpty()) {
                    flusherLeads = false;
                    leading = false;
                    changed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes the batch and answers each of its callers. */
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
            log.warn("{}: a batch of {} failed ({}{}); each item is written alone", name, batch.size(),
                    e.getClass().getName(), sqlState(e));
            batch.forEach(entry -> entry.result.complete(Outcome.alone()));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result.complete(Outcome.of(results.get(i)));
        }
    }

    /** Writes what is queued and in flight (waiting at most closeWait), stops the flusher; later callers write alone. */
    @Override
    public void close() {
        open = false;
        long left = closeWait.toNanos();
        lock.lock();
        try {
            stopping = true;
            changed.signalAll();
            while (leading && left > 0) {
                left = changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Entry<I, O> e; (e = queue.poll()) != null; ) {
                e.result.complete(Outcome.alone()); // still queued after closeWait: each writes alone
            }
            lock.unlock();
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

    /** One caller's item and the answer its batch gives it. */
    private static final class Entry<I, O> {
        final I item;
        final CompletableFuture<Outcome<O>> result = new CompletableFuture<>();

        Entry(I item) {
            this.item = item;
        }
    }
}
