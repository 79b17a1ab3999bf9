package io.tokengate.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The key-rotation tables (V7): the rules that keep "which KEK version is used where" truthful. */
class KeyRotationSchemaTest {

    private static final String CHECK_VIOLATION = "23514";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String MER = "mer_KKKKKKKKKKKKKKKK";
    private static final String CARDS = "INSERT INTO cards (id, merchant_id, sealed, kek_version, fingerprint, brand, "
            + "last4, exp_month, exp_year) VALUES ";

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
    }

    @AfterEach
    void rollback() throws SQLException {
        connection.rollback();
        connection.close();
    }

    @Test
    void cardWhenKekVersionColumnDisagreesWithBlobThenRefused() {
        // Header: format 0x01, then the KEK version as a big-endian int.
        assertRefused(CHECK_VIOLATION, CARDS + "('card_KKKKKKKKKKKKKKK1', '" + MER + "', "
                + blob("00000002") + ", 1, " + hash("aa") + ", 'visa', '4242', 12, 2030)");
        exec(CARDS + "('card_KKKKKKKKKKKKKKK1', '" + MER + "', " + blob("00000002") + ", 2, " + hash("aa")
                + ", 'visa', '4242', 12, 2030)");
        assertRefused(CHECK_VIOLATION, "UPDATE cards SET kek_version = 3 WHERE id = 'card_KKKKKKKKKKKKKKK1'");
    }

    @Test
    void tokenWhenSealedThenItsKekVersionIsReadFromTheBlob() throws SQLException {
        exec(CARDS + "('card_KKKKKKKKKKKKKKK2', '" + MER + "', " + blob("00000001") + ", 1, " + hash("ab")
                + ", 'visa', '4242', 12, 2030)");
        exec("INSERT INTO tokens (merchant_id, card_id, lookup_hash, token_sealed, hint) VALUES ('" + MER
                + "', 'card_KKKKKKKKKKKKKKK2', " + hash("cd") + ", decode('0200000105' || repeat('00', 60), 'hex'), 'abcd')");
        assertThat(queryInt("SELECT token_kek_version FROM tokens WHERE lookup_hash = " + hash("cd"))).isEqualTo(261);
        exec("UPDATE tokens SET token_sealed = decode('0200000007' || repeat('00', 60), 'hex') WHERE lookup_hash = "
                + hash("cd"));
        assertThat(queryInt("SELECT token_kek_version FROM tokens WHERE lookup_hash = " + hash("cd"))).isEqualTo(7);
    }

    @Test
    void kekVersionsWhenTwoActiveOrDestroyedWithoutTimestampThenRefused() {
        exec("INSERT INTO kek_versions (version, status) VALUES (1, 'active')");
        assertRefused(UNIQUE_VIOLATION, "INSERT INTO kek_versions (version, status) VALUES (2, 'active')");
        assertRefused(CHECK_VIOLATION, "INSERT INTO kek_versions (version, status, retired_at) VALUES (2, 'destroyed', now())");
        assertRefused(CHECK_VIOLATION, "INSERT INTO kek_versions (version, status) VALUES (2, 'retired')");
    }

    @Test
    void keyRotationWhenSecondRunningOrBackwardsThenRefused() {
        exec("INSERT INTO kek_versions (version, status, retired_at) VALUES (1, 'retired', now()), (2, 'retired', now())");
        exec("INSERT INTO kek_versions (version, status) VALUES (3, 'active')");
        String cols = "INSERT INTO key_rotations (id, from_version, to_version, requested_by) VALUES ";
        exec(cols + "('rot_KKKKKKKKKKKKKKKK', 1, 2, 'admin')");
        assertRefused(UNIQUE_VIOLATION, cols + "('rot_KKKKKKKKKKKKKKK2', 2, 3, 'admin')");
        assertRefused(CHECK_VIOLATION, cols + "('rot_KKKKKKKKKKKKKKK3', 3, 2, 'admin')");
    }

    private static String blob(String versionHex) {
        return "decode('01' || '" + versionHex + "' || repeat('01', 59), 'hex')";
    }

    private static String hash(String byteHex) {
        return "decode(repeat('" + byteHex + "', 32), 'hex')";
    }

    private int queryInt(String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void exec(String sql) {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    private void assertRefused(String sqlState, String sql) {
        try (Statement st = connection.createStatement()) {
            st.execute("SAVEPOINT s");
            try {
                st.execute(sql);
            } catch (SQLException e) {
                st.execute("ROLLBACK TO SAVEPOINT s");
                assertThat(e.getSQLState()).as(sql + ": " + e.getMessage()).isEqualTo(sqlState);
                return;
            }
            throw new AssertionError("accepted: " + sql);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }
}
