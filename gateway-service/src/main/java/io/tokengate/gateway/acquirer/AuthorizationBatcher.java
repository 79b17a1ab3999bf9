package io.tokengate.gateway.acquirer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Group commit for the simulator's authorizations: concurrent callers' rows go to the ledger in one
 * statement and one transaction, and each caller returns only once the batch holding its row has
 * committed (or failed), so the simulator never approves an unwritten row.
 *
 * <p>Decisions:
 * <ul>
 * <li>Natural batching, no timer: one flusher blocks on the queue while it is empty and drains at
 *     most {@value #MAX_BATCH} rows when it wakes; callers that arrive while a batch is being written
 *     form the next one. A lone caller pays one thread hand-off, never a wait for company.</li>
 * <li>The flusher is a platform thread: every authorization waits on it, so it gets an OS thread of
 *     its own instead of queueing for one of the few virtual-thread carriers behind the callers.</li>
 * <li>{@value #MAX_BATCH} rows: above the database pool size, so under the charge path's concurrency
 *     one batch usually takes everything queued, while a statement and its row locks stay small.</li>
 * <li>A reference submitted twice in one batch is written once, for its first submitter; the later
 *     submitters get the same answer, as if they had come after it.</li>
 * <li>A batch that fails fails each of its callers with the writer's exception, the same instance for
 *     all of them (its stack trace is the flusher's). A constraint violation is the exception: it
 *     belongs to one row, so the rows are then written one by one and only the offending caller
 *     fails, as when every authorization was its own statement.</li>
 * <li>An interrupted caller whose row the flusher has not taken yet withdraws it: nothing is written,
 *     like a message the network never delivered. A row already taken is written or not; the caller
 *     cannot know, as with a timeout at a real acquirer (recovery looks the reference up).</li>
 * <li>{@link #close()} writes what was queued before it, waits for the flusher at most
 *     {@link #CLOSE_WAIT}, then fails whatever is left with a {@link DataAccessResourceFailureException},
 *     as does every later submission: no caller hangs on a stopped batcher.</li>
 * </ul>
 * Nothing here coordinates instances: each gateway batches its own callers, and the writer's
 * {@code ON CONFLICT} on the shared table settles references that several instances write.
 */
final class AuthorizationBatcher implements AutoCloseable {

    static final int MAX_BATCH = 64;
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** Writes distinct-reference rows in one statement; returns reference → acquirer reference of each row inserted. */
    @FunctionalInterface
    interface Writer {
        Map<String, String> write(List<Row> rows);
    }

    record Row(String reference, String acquirerReference, String behaviour, String status, long amount,
               String currency, long capturedAmount) {
    }

    private static final Pending STOP = new Pending(null);

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Writer writer;
    private final Thread flusher;
    private final AtomicLong statements = new AtomicLong();
    private volatile boolean open = true;

    private AuthorizationBatcher(Writer writer, String name) {
        this.writer = writer;
        this.flusher = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
    }

    static AuthorizationBatcher start(Writer writer, String threadName) {
        AuthorizationBatcher batcher = new AuthorizationBatcher(writer, threadName);
        batcher.flusher.start();
        return batcher;
    }

    /**
     * Writes the row with the next batch and waits for that batch's commit.
     *
     * @return the acquirer reference of the row written for this reference, or empty when the
     *         reference was already in the ledger
     * @throws InterruptedException when the caller stopped waiting (see the class comment)
     * @throws org.springframework.dao.DataAccessException when the batch failed or the batcher is closed
     */
    Optional<String> submit(Row row) throws InterruptedException {
        Pending pending = new Pending(row);
        if (!open) {
            throw closed();
        }
        queue.add(pending);
        if (!open && pending.claim()) {
            throw closed(); // queued after close() swept the queue: nobody else will answer it
        }
        try {
            return pending.result.get();
        } catch (InterruptedException e) {
            pending.claim();
            throw e;
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** Statements written so far (tests observe the grouping through it). */
    long statements() {
        return statements.get();
    }

    /** Rows waiting for the flusher, withdrawn ones included. */
    int queued() {
        return queue.size();
    }

    private void run() {
        List<Pending> drained = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                drained.add(queue.take());
            } catch (InterruptedException e) {
                return; // nobody interrupts the flusher but a JVM going down
            }
            queue.drainTo(drained, MAX_BATCH - 1);
            boolean stop = drained.remove(STOP);
            List<Pending> batch = drained.stream().filter(Pending::claim).toList();
            drained.clear();
            if (!batch.isEmpty()) {
                flush(batch);
            }
            if (stop) {
                return;
            }
        }
    }

    private void flush(List<Pending> batch) {
        Map<String, Row> rows = new LinkedHashMap<>();
        batch.forEach(p -> rows.putIfAbsent(p.row.reference(), p.row));
        try {
            complete(batch, write(List.copyOf(rows.values())));
        } catch (DataIntegrityViolationException e) {
            if (rows.size() == 1) {
                batch.forEach(p -> p.result.completeExceptionally(e));
                return;
            }
            rows.values().forEach(row -> flush(batch.stream()
                    .filter(p -> p.row.reference().equals(row.reference())).toList()));
        } catch (Throwable e) {
            batch.forEach(p -> p.result.completeExceptionally(e));
        }
    }

    private Map<String, String> write(List<Row> rows) {
        statements.incrementAndGet();
        return writer.write(rows);
    }

    private static void complete(List<Pending> batch, Map<String, String> inserted) {
        batch.forEach(p -> p.result.complete(Optional.ofNullable(inserted.get(p.row.reference()))));
    }

    @Override
    public void close() {
        open = false;
        queue.add(STOP);
        try {
            flusher.join(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending p; (p = queue.poll()) != null; ) {
            if (p != STOP && p.claim()) {
                p.result.completeExceptionally(closed());
            }
        }
    }

    private static DataAccessResourceFailureException closed() {
        return new DataAccessResourceFailureException("the simulator ledger is shut down");
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException e) {
            return e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("simulator ledger batch failed", cause);
    }

    /** One caller's row; whoever claims it first (flusher, withdrawing caller, close) answers it. */
    private static final class Pending {
        final Row row;
        final CompletableFuture<Optional<String>> result = new CompletableFuture<>();
        private final AtomicBoolean claimed = new AtomicBoolean();

        Pending(Row row) {
            this.row = row;
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }
    }
}
