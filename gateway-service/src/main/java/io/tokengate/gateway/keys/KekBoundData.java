package io.tokengate.gateway.keys;

import java.util.Map;

/**
 * Data a feature keeps sealed under the vault's KEKs: cards, token values, webhook signing secrets.
 * Each such feature registers one bean. After a rotation the re-wrap job moves every
 * implementation's rows to the current KEK, and a KEK version may be destroyed only when no
 * implementation counts a row under it, so data sealed by a feature without a bean here would be
 * lost with the version.
 *
 * <p>Implementations count from an indexed version column kept equal to the version inside the
 * blob, and re-wrap in set-based statements (one {@code SELECT ... FOR NO KEY UPDATE SKIP LOCKED}
 * and one {@code UPDATE ... FROM unnest(...)} per batch): {@code NO KEY} so that inserts referencing
 * a claimed row (a charge on a token) do not wait, {@code SKIP LOCKED} so the job never waits on a
 * row a request holds, and never deadlocks.
 */
public interface KekBoundData {

    /**
     * One batch's outcome. {@code lastKey} is the cursor to continue after, opaque to the job;
     * {@code null} when the walk has reached its end (a batch may claim nothing and still continue).
     */
    record Batch(int claimed, int rewrapped, int failed, String lastKey) {

        public static final Batch EMPTY = new Batch(0, 0, 0, null);
    }

    /** Plural snake_case name used in counts and audit rows, e.g. {@code webhook_secrets}. */
    String name();

    /** Rows sealed under {@code version}. */
    long countUsing(int version);

    /** Rows sealed under any version older than {@code version}. */
    long countOlderThan(int version);

    /** Rows per version, for versions in use. */
    Map<Integer, Long> countByVersion();

    /**
     * In the caller's transaction: claims about {@code limit} rows sealed under {@code version} past
     * the cursor {@code afterKey} ({@code null}: from the start; the implementation chooses the
     * order, e.g. by key), skipping rows another transaction holds; re-wraps them to the current KEK
     * and writes them back. A row that does not open (damaged, misfiled) is left as it is and
     * counted in {@code failed}; its key is logged, never its contents.
     */
    Batch rewrapBatch(int version, String afterKey, int limit);
}
