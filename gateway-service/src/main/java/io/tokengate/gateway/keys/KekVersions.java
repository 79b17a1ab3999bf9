package io.tokengate.gateway.keys;

import io.tokengate.gateway.web.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The KEK versions as all gateway instances agree on them ({@code kek_versions}): the key store file
 * holds the key material, this table says which version is current and which are destroyed, and
 * every instance follows it ({@link KeyRingSync}). Changes to it (rotation, destruction,
 * registration) serialize on one transaction-scoped advisory lock, {@link #lock()}.
 */
@Component
public class KekVersions {

    /** A KEK version's row. */
    public record KekVersion(int version, String status, Instant createdAt, Instant retiredAt, Instant destroyedAt,
                             String destroyedBy) {

        public static final String ACTIVE = "active";
        public static final String RETIRED = "retired";
        public static final String DESTROYED = "destroyed";

        public boolean destroyed() {
            return DESTROYED.equals(status);
        }
    }

    private static final long LOCK_KEY = 0x746f6b5f6b656b73L; // "tok_keks"
    private static final String COLUMNS = "version, status, created_at, retired_at, destroyed_at, destroyed_by";

    private final JdbcClient jdbc;

    KekVersions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the key-management lock until the transaction ends: rotations, destructions and
     * registrations of versions run one at a time across all instances.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock() {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK_KEY).query(Object.class).single();
    }

    /** Every version, ascending. */
    public List<KekVersion> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM kek_versions ORDER BY version")
                .query(KekVersions::map).list();
    }

    public Optional<KekVersion> find(int version) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM kek_versions WHERE version = ?").param(version)
                .query(KekVersions::map).optional();
    }

    /** The current version, if any has been registered. */
    public OptionalInt active() {
        return jdbc.sql("SELECT version FROM kek_versions WHERE status = 'active'").query(Integer.class).optional()
                .map(OptionalInt::of).orElseGet(OptionalInt::empty);
    }

    /** Makes {@code version} the current one: the previous current version is retired. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void activate(int version) {
        jdbc.sql("UPDATE kek_versions SET status = 'retired', retired_at = now() WHERE status = 'active'").update();
        jdbc.sql("""
                        INSERT INTO kek_versions (version, status) VALUES (?, 'active')
                        ON CONFLICT (version) DO UPDATE SET status = 'active', retired_at = NULL
                        WHERE kek_versions.status <> 'destroyed'""")
                .param(version).update();
    }

    /**
     * Registers versions of the key ring that the table lacks: a fresh database, or a rotation whose
     * key store change survived but whose commit did not. The ring's newest version becomes
     * current when it is newer than the table's. Returns the previously current version when the
     * current one changed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public OptionalInt registerRing(SortedSet<Integer> ringVersions) {
        lock();
        OptionalInt active = active();
        for (int v : ringVersions.headSet(ringVersions.last())) {
            jdbc.sql("INSERT INTO kek_versions (version, status, retired_at) VALUES (?, 'retired', now()) "
                    + "ON CONFLICT (version) DO NOTHING").param(v).update();
        }
        int newest = ringVersions.last();
        if (active.isEmpty() || active.getAsInt() < newest) {
            activate(newest);
            return active;
        }
        return OptionalInt.empty();
    }

    /** Marks a version destroyed; false if it was not present or already destroyed. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean markDestroyed(int version, String by) {
        return jdbc.sql("UPDATE kek_versions SET status = 'destroyed', destroyed_at = now(), destroyed_by = ?, "
                        + "retired_at = coalesce(retired_at, now()) WHERE version = ? AND status = 'retired'")
                .params(by, version).update() == 1;
    }

    private static KekVersion map(ResultSet rs, int row) throws SQLException {
        return new KekVersion(rs.getInt("version"), rs.getString("status"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "retired_at"), Rows.instant(rs, "destroyed_at"), rs.getString("destroyed_by"));
    }
}
