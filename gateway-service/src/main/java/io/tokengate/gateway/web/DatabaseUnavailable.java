package io.tokengate.gateway.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure of PostgreSQL itself (down, restarting, unreachable, connection cut, no pooled
 * connection in time) from a bug, wherever it surfaces: translated by Spring JDBC, thrown by a
 * transaction's begin or commit ({@code TransactionSystemException} wraps the raw driver error),
 * or wrapped again by a filter or Spring Security. Such a failure is answered 503 with
 * Retry-After, because the same request may well succeed in a moment; anything else stays a 500.
 */
public final class DatabaseUnavailable {

    private static final int MAX_DEPTH = 16;

    private DatabaseUnavailable() {
    }

    /** Whether {@code failure} or one of its causes says the database could not be reached or used. */
    public static boolean causedBy(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException || t instanceof QueryTimeoutException
                    || t instanceof TransientDataAccessException
                    || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && (connectionState(sql.getSQLState()) || closedByPool(sql))) {
                return true;
            }
            // Commit or rollback failed with a driver error Spring could not classify: the
            // connection under the transaction broke (a classifiable one arrives translated).
            if (t instanceof TransactionSystemException && t.getCause() instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Hikari's proxy of a connection it has already evicted as broken (after a 57P01 or an I/O
     * error) answers every call with this exception, which carries no SQLSTATE.
     */
    private static boolean closedByPool(SQLException e) {
        return e.getSQLState() == null && "Connection is closed".equals(e.getMessage());
    }

    /**
     * SQLSTATE classes of a lost or refused connection: 08 (connection exception), 57P01-57P03
     * (administrator or crash shutdown, cannot connect now: a restart), 53300 (too many connections).
     */
    private static boolean connectionState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
    }
}
