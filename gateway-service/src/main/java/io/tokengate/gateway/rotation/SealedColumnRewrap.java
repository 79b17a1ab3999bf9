package io.tokengate.gateway.rotation;

import io.tokengate.gateway.keys.KekBoundData;
import io.tokengate.gateway.keys.KeysProperties;
import io.tokengate.gateway.rotation.HeapWalk.Pages;
import io.tokengate.vault.DecryptionFailedException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * A table with one sealed column as KEK-bound data: counted through an index on its version
 * column, walked by heap page when many rows are left, else by key ({@link HeapWalk}). Each batch
 * is one {@code SELECT ... FOR NO KEY UPDATE SKIP LOCKED} and one {@code UPDATE ... FROM unnest(...)}
 * (see {@link KekBoundData}). A subclass states where its data lives ({@link Table}) and how one
 * claimed row is re-wrapped; the SQL is built once, at construction, so a row costs nothing more
 * than the vault call.
 */
abstract class SealedColumnRewrap implements KekBoundData {

    /** The type of the key column, and the key a claim by key starts after (its cursor key is empty). */
    enum Key {
        TEXT("text", key -> key),
        BIGINT("bigint", key -> key.isEmpty() ? 0L : Long.parseLong(key));

        final String sqlType;
        private final Function<String, Object> parse;

        Key(String sqlType, Function<String, Object> parse) {
            this.sqlType = sqlType;
            this.parse = parse;
        }

        /** The key a claim by key continues after, from a cursor's key part. */
        Object after(String cursorKey) {
            return parse.apply(cursorKey);
        }
    }

    /**
     * Where the data lives.
     *
     * @param name the kind's name in counts, audit rows and progress ({@link KekBoundData#name()})
     * @param table the table's name, as PostgreSQL knows it
     * @param noun what one row is called in the log line of a row that does not open
     * @param key the type of the {@code id} column, the first column claimed
     * @param columns what the claim reads after {@code id}, for {@link #rewrap}
     * @param sealed the sealed column the write replaces
     * @param version the version column the counts and claims filter on
     * @param scope the rows that count ({@code status = 'active'}), or {@code null} for all
     * @param versionOf for a plain version column, the version the write stores, read once per
     *     batch from its last re-wrapped blob (one batch is re-wrapped by one key ring, so to one
     *     version); {@code null} when the column is generated from the blob
     */
    record Table(String name, String table, String noun, Key key, String columns, String sealed, String version,
                 String scope, ToIntFunction<byte[]> versionOf) {
    }

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final JdbcTemplate jdbc;
    private final KeysProperties properties;
    private final Table table;
    private final String claimPages;
    private final String claimKeys;
    private final String write;
    private final String countUsing;
    private final String countOlderThan;
    private final String countByVersion;

    SealedColumnRewrap(JdbcTemplate jdbc, KeysProperties properties, Table t) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.table = t;
        String select = "SELECT id, " + t.columns() + " FROM " + t.table() + "\n";
        String rows = t.scope() == null ? "" : t.scope() + " AND ";
        this.claimPages = select + "WHERE ctid >= ?::tid AND ctid < ?::tid AND " + rows + t.version() + " = ?\n"
                + "FOR NO KEY UPDATE SKIP LOCKED";
        this.claimKeys = select + "WHERE " + rows + t.version() + " = ? AND id > ?\n"
                + "ORDER BY id LIMIT ?\n"
                + "FOR NO KEY UPDATE SKIP LOCKED";
        this.write = "UPDATE " + t.table() + " t SET " + t.sealed() + " = u.sealed"
                + (t.versionOf() != null ? ", " + t.version() + " = ?" : "") + "\n"
                + "FROM unnest(?::" + t.key().sqlType + "[], ?::bytea[]) AS u(id, sealed)\n"
                + "WHERE t.id = u.id";
        String count = "SELECT count(*) FROM " + t.table() + " WHERE " + rows + t.version();
        this.countUsing = count + " = ?";
        this.countOlderThan = count + " < ?";
        this.countByVersion = "SELECT " + t.version() + ", count(*) FROM " + t.table() + " WHERE " + rows
                + t.version() + " IS NOT NULL GROUP BY " + t.version();
    }

    /**
     * Re-wraps the sealed value of one claimed row ({@code row} stands on it: {@code id}, then
     * {@link Table#columns}) to the current KEK.
     *
     * @throws DecryptionFailedException when the value does not open
     */
    abstract byte[] rewrap(Object id, ResultSet row) throws SQLException;

    @Override
    public String name() {
        return table.name();
    }

    @Override
    public long countUsing(int version) {
        return jdbc.queryForObject(countUsing, Long.class, version);
    }

    @Override
    public long countOlderThan(int version) {
        return jdbc.queryForObject(countOlderThan, Long.class, version);
    }

    @Override
    public Map<Integer, Long> countByVersion() {
        return SetUpdates.countsByVersion(jdbc, countByVersion);
    }

    @Override
    public Batch rewrapBatch(int version, String afterKey, int limit) {
        String cursor = afterKey != null ? afterKey : HeapWalk.start(jdbc, table.table(), countUsing(version),
                properties.getRewrap().getPhysicalWalkMinRows());
        Claimed claimed = new Claimed(limit, version);
        String next;
        if (HeapWalk.physical(cursor)) {
            Pages pages = HeapWalk.pages(cursor);
            if (pages.from() >= pages.end()) {
                return Batch.EMPTY;
            }
            long until = pages.until(limit);
            jdbc.query(claimPages, claimed, Pages.tid(pages.from()), Pages.tid(until), version);
            next = Pages.cursor(until, pages.end());
        } else {
            jdbc.query(claimKeys, claimed, version, table.key().after(HeapWalk.key(cursor)), limit);
            if (claimed.last == null) {
                return Batch.EMPTY;
            }
            next = "k" + claimed.last;
        }
        if (!claimed.ids.isEmpty()) {
            Integer target = table.versionOf() == null ? null
                    : table.versionOf().applyAsInt(claimed.blobs.getLast());
            SetUpdates.write(jdbc, write, target, table.key().sqlType, claimed.ids.toArray(), claimed.blobs);
        }
        return new Batch(claimed.ids.size() + claimed.failed, claimed.ids.size(), claimed.failed, next);
    }

    /** The rows of one batch, re-wrapped in memory as the claim reads them. */
    private final class Claimed implements RowCallbackHandler {
        final List<Object> ids;
        final List<byte[]> blobs;
        final int version;
        Object last;
        int failed;

        Claimed(int limit, int version) {
            ids = new ArrayList<>(limit);
            blobs = new ArrayList<>(limit);
            this.version = version;
        }

        @Override
        public void processRow(ResultSet rs) throws SQLException {
            Object id = rs.getObject(1); // String for text, Long for bigint: what the write binds as its key array
            last = id;
            try {
                blobs.add(rewrap(id, rs));
                ids.add(id);
            } catch (DecryptionFailedException e) {
                failed++;
                log.error("{} {} does not open under kek-v{} and cannot be re-wrapped; it stays as it is",
                        table.noun(), id, version);
            }
        }
    }
}
