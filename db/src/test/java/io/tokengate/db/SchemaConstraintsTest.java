package io.tokengate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tokengate.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Applies the real migrations to a real PostgreSQL and checks that the schema refuses bad rows. */
class SchemaConstraintsTest {

    private static final String CHECK_VIOLATION = "23514";
    private static final String FK_VIOLATION = "23503";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String NOT_NULL_VIOLATION = "23502";

    private static final String MER = "mer_AAAAAAAAAAAAAAAA";
    private static final String CARD = "card_AAAAAAAAAAAAAAAA";
    private static final String HASH_A = "decode(repeat('aa', 32), 'hex')";
    private static final String HASH_B = "decode(repeat('bb', 32), 'hex')";

    private Connection connection;

    @BeforeAll
    static void migrate() {
        TestDatabase db = TestDatabase.get();
        Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password())
                .locations("classpath:db/migration").load().migrate();
    }

    @BeforeEach
    void openTransaction() throws SQLException {
        connection = TestDatabase.get().connect();
        connection.setAutoCommit(false);
        exec("INSERT INTO merchants (id, name) VALUES ('" + MER + "', 'Shop')");
        exec("INSERT INTO cards (id, merchant_id, sealed, kek_version, fingerprint, brand, last4, exp_month, exp_year)"
                + " VALUES ('" + CARD + "', '" + MER + "', decode('0100000001' || repeat('01', 59), 'hex'), 1, " + HASH_A
                + ", 'visa', '4242', 12, 2030)");
    }

    @AfterEach
    void rollback() throws SQLException {
        connection.rollback();
        connection.close();
    }

    @Test
    void migrationsWhenAppliedAgainThenNothingPending() {
        TestDatabase db = TestDatabase.get();
        Flyway flyway = Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password())
                .locations("classpath:db/migration").load();
        assertThat(flyway.info().pending()).isEmpty();
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    void merchantWhenIdHasNoPrefixThenRefused() {
        assertRefused(CHECK_VIOLATION, "INSERT INTO merchants (id, name) VALUES ('AAAAAAAAAAAAAAAAAAAA', 'x')");
        assertRefused(CHECK_VIOLATION, "INSERT INTO merchants (id, name, status) VALUES ('mer_BBBBBBBBBBBBBBBB', 'x', 'gone')");
    }

    @Test
    void apiKeyWhenHashWrongSizeOrDuplicateOrUnknownScopeThenRefused() {
        String cols = "INSERT INTO api_keys (id, merchant_id, secret_hash, secret_hint, scopes) VALUES ";
        assertRefused(CHECK_VIOLATION, cols + "('key_AAAAAAAAAAAAAAAA', '" + MER + "', decode('aa', 'hex'), 'abcd', '{charges:write}')");
        assertRefused(CHECK_VIOLATION, cols + "('key_AAAAAAAAAAAAAAAA', '" + MER + "', " + HASH_A + ", 'abcd', '{admin}')");
        assertRefused(CHECK_VIOLATION, cols + "('key_AAAAAAAAAAAAAAAA', '" + MER + "', " + HASH_A + ", 'abcd', '{}')");
        assertRefused(FK_VIOLATION, cols + "('key_AAAAAAAAAAAAAAAA', 'mer_ZZZZZZZZZZZZZZZZ', " + HASH_A + ", 'abcd', '{charges:write}')");
        exec(cols + "('key_AAAAAAAAAAAAAAAA', '" + MER + "', " + HASH_A + ", 'abcd', '{charges:write}')");
        assertRefused(UNIQUE_VIOLATION, cols + "('key_BBBBBBBBBBBBBBBB', '" + MER + "', " + HASH_A + ", 'abcd', '{charges:write}')");
    }

    @Test
    void apiKeyWhenRevokedWithoutTimestampThenRefused() {
        assertRefused(CHECK_VIOLATION, "INSERT INTO api_keys (id, merchant_id, secret_hash, secret_hint, scopes, status)"
                + " VALUES ('key_AAAAAAAAAAAAAAAA', '" + MER + "', " + HASH_A + ", 'abcd', '{charges:write}', 'revoked')");
    }

    @Test
    void currencyLimitWhenCodeMalformedOrCapNotPositiveThenRefused() {
        exec("INSERT INTO merchant_acls (merchant_id) VALUES ('" + MER + "')");
        assertRefused(CHECK_VIOLATION, "INSERT INTO merchant_currency_limits VALUES ('" + MER + "', 'eur', 100, 1000)");
        assertRefused(CHECK_VIOLATION, "INSERT INTO merchant_currency_limits VALUES ('" + MER + "', 'EUR', 0, 1000)");
        assertRefused(CHECK_VIOLATION, "INSERT INTO merchant_currency_limits VALUES ('" + MER + "', 'EUR', 100, -1)");
    }

    @Test
    void cardWhenFieldsInvalidThenRefused() {
        String cols = "INSERT INTO cards (id, merchant_id, sealed, kek_version, fingerprint, brand, last4, exp_month, exp_year) VALUES ";
        String sealed = "decode('0100000001' || repeat('01', 59), 'hex')";
        assertRefused(CHECK_VIOLATION, cols + "('card_BBBBBBBBBBBBBBBB', '" + MER + "', " + sealed + ", 1, " + HASH_A + ", 'visa', '42a2', 12, 2030)");
        assertRefused(CHECK_VIOLATION, cols + "('card_BBBBBBBBBBBBBBBB', '" + MER + "', " + sealed + ", 1, " + HASH_A + ", 'visa', '4242', 13, 2030)");
        assertRefused(CHECK_VIOLATION, cols + "('card_BBBBBBBBBBBBBBBB', '" + MER + "', " + sealed + ", 0, " + HASH_A + ", 'visa', '4242', 12, 2030)");
        assertRefused(CHECK_VIOLATION, cols + "('card_BBBBBBBBBBBBBBBB', '" + MER + "', " + sealed + ", 1, " + HASH_A + ", 'maestro', '4242', 12, 2030)");
        assertRefused(CHECK_VIOLATION, cols + "('card_BBBBBBBBBBBBBBBB', '" + MER + "', NULL, 1, " + HASH_A + ", 'visa', '4242', 12, 2030)");
    }

    @Test
    void tokenWhenDuplicateHashOrHalfMaxAmountOrUnknownStatusThenRefused() {
        String cols = "INSERT INTO tokens (merchant_id, card_id, lookup_hash, token_sealed, hint, status, max_amount, max_amount_currency) VALUES ";
        exec(cols + "('" + MER + "', '" + CARD + "', " + HASH_A + ", '\\x01', 'abcd', 'active', NULL, NULL)");
        assertRefused(UNIQUE_VIOLATION, cols + "('" + MER + "', '" + CARD + "', " + HASH_A + ", '\\x01', 'abcd', 'active', NULL, NULL)");
        assertRefused(CHECK_VIOLATION, cols + "('" + MER + "', '" + CARD + "', " + HASH_B + ", '\\x01', 'abcd', 'active', 100, NULL)");
        assertRefused(CHECK_VIOLATION, cols + "('" + MER + "', '" + CARD + "', " + HASH_B + ", '\\x01', 'abcd', 'deleted', NULL, NULL)");
        assertRefused(FK_VIOLATION, cols + "('" + MER + "', 'card_ZZZZZZZZZZZZZZZZ', " + HASH_B + ", '\\x01', 'abcd', 'active', NULL, NULL)");
    }

    @Test
    void chargeWhenAmountNotPositiveOrOverCapturedOrOverRefundedThenRefused() {
        long token = insertToken();
        String cols = "INSERT INTO charges (id, merchant_id, token_id, amount, currency, channel, status, captured_amount, refunded_amount, acquirer_reference) VALUES ";
        assertRefused(CHECK_VIOLATION, cols + "('ch_AAAAAAAAAAAAAAAA', '" + MER + "', " + token + ", 0, 'EUR', 'customer_initiated', 'pending', 0, 0, NULL)");
        assertRefused(CHECK_VIOLATION, cols + "('ch_AAAAAAAAAAAAAAAA', '" + MER + "', " + token + ", -5, 'EUR', 'customer_initiated', 'pending', 0, 0, NULL)");
        assertRefused(CHECK_VIOLATION, cols + "('ch_AAAAAAAAAAAAAAAA', '" + MER + "', " + token + ", 100, 'EUR', 'customer_initiated', 'captured', 101, 0, 'acq')");
        assertRefused(CHECK_VIOLATION, cols + "('ch_AAAAAAAAAAAAAAAA', '" + MER + "', " + token + ", 100, 'EUR', 'customer_initiated', 'captured', 50, 60, 'acq')");
        assertRefused(CHECK_VIOLATION, cols + "('ch_AAAAAAAAAAAAAAAA', '" + MER + "', " + token + ", 100, 'EUR', 'customer_initiated', 'authorized', 0, 0, NULL)");
        assertRefused(CHECK_VIOLATION, cols + "('ch_AAAAAAAAAAAAAAAA', '" + MER + "', " + token + ", 100, 'EU', 'customer_initiated', 'pending', 0, 0, NULL)");
        exec(cols + "('ch_AAAAAAAAAAAAAAAA', '" + MER + "', " + token + ", 100, 'EUR', 'customer_initiated', 'captured', 100, 100, 'acq')");
        assertRefused(CHECK_VIOLATION, "UPDATE charges SET refunded_amount = 101 WHERE id = 'ch_AAAAAAAAAAAAAAAA'");
    }

    @Test
    void refundWhenAmountNotPositiveOrChargeUnknownThenRefused() {
        assertRefused(FK_VIOLATION, "INSERT INTO refunds (id, merchant_id, charge_id, amount, currency) VALUES ('re_AAAAAAAAAAAAAAAA', '" + MER + "', 'ch_ZZZZZZZZZZZZZZZZ', 10, 'EUR')");
        long token = insertToken();
        exec("INSERT INTO charges (id, merchant_id, token_id, amount, currency, channel) VALUES ('ch_AAAAAAAAAAAAAAAA', '" + MER + "', " + token + ", 100, 'EUR', 'customer_initiated')");
        assertRefused(CHECK_VIOLATION, "INSERT INTO refunds (id, merchant_id, charge_id, amount, currency) VALUES ('re_AAAAAAAAAAAAAAAA', '" + MER + "', 'ch_AAAAAAAAAAAAAAAA', 0, 'EUR')");
    }

    @Test
    void checkoutSessionWhenPaymentWithoutAmountOrSetupWithAmountThenRefused() {
        String cols = "INSERT INTO checkout_sessions (id, merchant_id, mode, amount, currency, success_url, cancel_url, expires_at) VALUES ";
        assertRefused(CHECK_VIOLATION, cols + "('cs_AAAAAAAAAAAAAAAA', '" + MER + "', 'payment', NULL, NULL, 'https://a', 'https://b', now() + interval '1 hour')");
        assertRefused(CHECK_VIOLATION, cols + "('cs_AAAAAAAAAAAAAAAA', '" + MER + "', 'setup', 100, 'EUR', 'https://a', 'https://b', now() + interval '1 hour')");
        assertRefused(CHECK_VIOLATION, cols + "('cs_AAAAAAAAAAAAAAAA', '" + MER + "', 'payment', 100, 'EUR', 'https://a', 'https://b', now() - interval '1 hour')");
        assertThatCode(() -> exec(cols + "('cs_AAAAAAAAAAAAAAAA', '" + MER + "', 'payment', 100, 'EUR', 'https://a', 'https://b', now() + interval '1 hour')"))
                .doesNotThrowAnyException();
    }

    @Test
    void idempotencyRecordWhenDuplicateKeyForMerchantThenRefused() {
        String cols = "INSERT INTO idempotency_records (merchant_id, idempotency_key, request_hash, expires_at) VALUES ";
        exec(cols + "('" + MER + "', 'k1', " + HASH_A + ", now() + interval '1 day')");
        assertRefused(UNIQUE_VIOLATION, cols + "('" + MER + "', 'k1', " + HASH_B + ", now() + interval '1 day')");
        assertRefused(CHECK_VIOLATION, "INSERT INTO idempotency_records (merchant_id, idempotency_key, request_hash, status, expires_at)"
                + " VALUES ('" + MER + "', 'k2', " + HASH_A + ", 'completed', now() + interval '1 day')");
    }

    @Test
    void auditEventOrSealWhenMalformedOrSealSequenceReusedThenRefused() {
        assertRefused(CHECK_VIOLATION, "INSERT INTO audit_events (actor_type, action) VALUES ('ops', 'Drop Table')");
        assertRefused(CHECK_VIOLATION, "INSERT INTO audit_seals (event_id, seal_seq, prev_hash, hash)"
                + " VALUES (1, 1, '\\x00', '\\x00')");
        assertRefused(UNIQUE_VIOLATION, "INSERT INTO audit_seals (event_id, seal_seq, prev_hash, hash) VALUES"
                + " (1, 1, sha256('a'), sha256('b')), (2, 1, sha256('b'), sha256('c'))");
        assertRefused(NOT_NULL_VIOLATION, "INSERT INTO audit_events (actor_type, action) VALUES ('ops', NULL)");
    }

    private long insertToken() {
        try (Statement st = connection.createStatement();
             var rs = st.executeQuery("INSERT INTO tokens (merchant_id, card_id, lookup_hash, token_sealed, hint) VALUES ('"
                     + MER + "', '" + CARD + "', " + HASH_B + ", '\\x01', 'abcd') RETURNING id")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private void exec(String sql) {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    /** Runs {@code sql} inside a savepoint and expects PostgreSQL to refuse it with {@code sqlState}. */
    private void assertRefused(String sqlState, String sql) {
        try {
            var savepoint = connection.setSavepoint();
            SQLException refused = catchThrowableOfType(SQLException.class, () -> {
                try (Statement st = connection.createStatement()) {
                    st.execute(sql);
                }
            });
            connection.rollback(savepoint);
            assertThat(refused != null).as("expected refusal of: %s", sql).isTrue();
            assertThat(refused.getSQLState()).as("SQL state for: %s", sql).isEqualTo(sqlState);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
