package io.tokengate.gateway.support;

import io.tokengate.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A table locked by a session of the test's own, to hold a group commit's statement in flight: the
 * statement waits on the lock, and the requests that arrive meanwhile queue behind it until the
 * test {@link #release()}s the lock.
 */
public final class TableLock implements AutoCloseable {

    private final Connection session;

    private TableLock(Connection session) {
        this.session = session;
    }

    /** Locks {@code table} in {@code mode} (e.g. {@code SHARE}: writers wait, readers pass). */
    public static TableLock hold(String table, String mode) throws SQLException {
        Connection session = TestDatabase.get().connect();
        session.setAutoCommit(false);
        try (Statement st = session.createStatement()) {
            st.execute("LOCK TABLE " + table + " IN " + mode + " MODE");
        } catch (SQLException e) {
            session.close();
            throw e;
        }
        return new TableLock(session);
    }

    /** Until exactly one statement matching {@code queryLike} waits on a lock. */
    public static void awaitWaiting(JdbcClient jdbc, Duration limit, String queryLike) throws InterruptedException {
        Await.until(limit, () -> jdbc.sql("""
                        SELECT count(*) FROM pg_stat_activity
                         WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE ?""")
                .param(queryLike).query(Integer.class).single() == 1, "a statement like " + queryLike + " waits on the lock");
    }

    /** Lets the waiting statement through. */
    public void release() throws SQLException {
        session.rollback();
    }

    @Override
    public void close() throws SQLException {
        session.close();
    }
}
