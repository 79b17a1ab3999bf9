package io.tokengate.gateway.acquirer;

import io.tokengate.gateway.web.GroupCommit;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Group commit for the simulator's authorizations ({@link GroupCommit}): concurrent callers' rows go
 * to the ledger in one statement and one transaction, and each caller returns only once the batch
 * holding its row has committed (or failed), so the simulator never approves an unwritten row.
 *
 * <p>Decisions beyond {@link GroupCommit}'s:
 * <ul>
 * <li>{@value #MAX_BATCH} rows: above the database pool size, so under the charge path's concurrency
 *     one batch usually takes everything queued, while a statement and its row locks stay small.</li>
 * <li>A reference submitted twice in one batch is written once, for its first submitter; the later
 *     submitters get the same answer, as if they had come after it.</li>
 * <li>A constraint violation belongs to one row: the batch is then written row by row and only the
 *     offending caller fails, as when every authorization was its own statement.</li>
 * <li>After {@link #close()} every submission fails with a {@link DataAccessResourceFailureException}:
 *     the simulator plays a remote acquirer, and a stopped one answers nothing.</li>
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

    private final Writer writer;
    private final GroupCommit<Row, Optional<String>> group;
    private volatile boolean open = true;

    private AuthorizationBatcher(Writer writer, String name) {
        this.writer = writer;
        this.group = GroupCommit.create(name, MAX_BATCH, CLOSE_WAIT, this::write);
    }

    static AuthorizationBatcher start(Writer writer, String name) {
        return new AuthorizationBatcher(writer, name);
    }

    /**
     * Writes the row with the next batch and waits for that batch's commit.
     *
     * @return the acquirer reference of the row written for this reference, or empty when the
     *         reference was already in the ledger
     * @throws InterruptedException when the caller stopped waiting (see {@link GroupCommit})
     * @throws org.springframework.dao.DataAccessException when the row could not be written or the batcher is closed
     */
    Optional<String> submit(Row row) throws InterruptedException {
        if (!open) {
            throw closed();
        }
        return group.submit(row, this::alone);
    }

    /** Batch statements written so far; rows written alone are not counted (tests observe the grouping through it). */
    long statements() {
        return group.batches();
    }

    /** Rows waiting for the next batch. */
    int queued() {
        return group.queued();
    }

    private List<Optional<String>> write(List<Row> batch) {
        Map<String, Row> rows = new LinkedHashMap<>();
        batch.forEach(row -> rows.putIfAbsent(row.reference(), row));
        Map<String, String> inserted = writer.write(List.copyOf(rows.values()));
        return batch.stream().map(row -> Optional.ofNullable(inserted.get(row.reference()))).toList();
    }

    /** One row alone: after its batch failed for a reason that may be its own, or after close. */
    private Optional<String> alone(Row row) {
        if (!open) {
            throw closed();
        }
        return Optional.ofNullable(writer.write(List.of(row)).get(row.reference()));
    }

    /** False once {@link #close()} began (tests wait for it). */
    boolean open() {
        return open;
    }

    /** Writes what was queued before it, then fails later submissions. */
    @Override
    public void close() {
        open = false;
        group.close();
    }

    private static DataAccessResourceFailureException closed() {
        return new DataAccessResourceFailureException("the simulator ledger is shut down");
    }
}
