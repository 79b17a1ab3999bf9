package io.tokengate.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Which failures answer 503 instead of 500. The shapes are the ones the PostgreSQL restart fault
 * produced (faults/pg-restart.sh, docs/faults.md); a regression here turns them back into 500s.
 */
class DatabaseUnavailableTest {

    @Test
    void causedByWhenRollbackFailedOnAConnectionThePoolClosedThenTrue() {
        // Hikari's evicted connection carries no SQLSTATE; Spring wraps it untranslated.
        var closed = new SQLException("Connection is closed");
        assertThat(DatabaseUnavailable.causedBy(new TransactionSystemException("JDBC rollback failed", closed))).isTrue();
    }

    @Test
    void causedByWhenFilterFailureIsWrappedThenTrue() {
        var cut = new DataAccessResourceFailureException("PreparedStatementCallback",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        assertThat(DatabaseUnavailable.causedBy(new ServletException("filter failed", cut))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new InternalAuthenticationServiceException("lookup failed",
                new CannotGetJdbcConnectionException("no connection", new SQLTransientConnectionException()))))
                .isTrue();
    }

    @Test
    void causedByWhenConnectionStateOnARawSqlExceptionThenTrue() {
        assertThat(DatabaseUnavailable.causedBy(new RuntimeException(new SQLException("I/O error", "08006")))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new RuntimeException(new SQLException("starting up", "57P03"))))
                .isTrue();
    }

    @Test
    void causedByWhenABugOrAConstraintThenFalse() {
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("settled differently"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new TransactionSystemException("no cause"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new RuntimeException(new SQLException("Connection is closed", "23505"))))
                .isFalse();
    }
}
