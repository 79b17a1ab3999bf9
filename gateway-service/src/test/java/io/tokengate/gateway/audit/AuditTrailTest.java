package io.tokengate.gateway.audit;

import static io.tokengate.gateway.support.OpsFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokengate.gateway.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class AuditTrailTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditSealer sealer;

    @Autowired
    DataSource dataSource;

    @Test
    void verifyWhenChainUntouchedThenIntactAndEverySealedRowCounted() {
        fixture().merchant();
        sealer.sealAll();
        JsonNode result = json(ops().get("/ops/audit/verify"));
        assertThat(result.get("intact").asBoolean()).as(result.toString()).isTrue();
        long sealed = jdbc.sql("SELECT count(*) FROM audit_seals").query(Long.class).single();
        assertThat(result.get("rows_verified").asLong()).isEqualTo(sealed);
        assertThat(result.get("unsealed").asLong()).isZero();
    }

    @Test
    void sealAllWhenMoreUnsealedRowsThanOneBatchThenAllSealedInIdOrderAndChainVerifies() {
        // Regression guard for the one-statement batch seal: a full batch (5,000 rows bound as arrays)
        // and a partial one after it must both land, in id order, as one unbroken chain.
        int rows = 6_500;
        jdbc.sql("""
                INSERT INTO audit_events (actor_type, action, details)
                SELECT 'system', 'test.bulk_sealed', jsonb_build_object('n', g) FROM generate_series(1, ?) g""")
                .param(rows).update();

        assertThat(sealer.sealAll()).isGreaterThanOrEqualTo(rows);

        JsonNode result = json(ops().get("/ops/audit/verify"));
        assertThat(result.get("intact").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("unsealed").asLong()).isZero();
        Map<String, Object> bulk = jdbc.sql("""
                SELECT count(*) AS n, count(DISTINCT s.seal_seq) AS seqs, bool_and(s.event_id IS NOT NULL) AS all_sealed
                FROM audit_events e LEFT JOIN audit_seals s ON s.event_id = e.id
                WHERE e.action = 'test.bulk_sealed'""").query().singleRow();
        assertThat(((Number) bulk.get("n")).longValue()).isEqualTo(rows);
        assertThat(((Number) bulk.get("seqs")).longValue()).isEqualTo(rows);
        assertThat(bulk.get("all_sealed")).isEqualTo(true);
        long outOfOrder = jdbc.sql("""
                SELECT count(*) FROM (
                    SELECT s.seal_seq - lag(s.seal_seq) OVER (ORDER BY e.id) AS step
                    FROM audit_events e JOIN audit_seals s ON s.event_id = e.id
                    WHERE e.action = 'test.bulk_sealed') steps
                WHERE step <= 0""").query(Long.class).single();
        assertThat(outOfOrder).isZero();
    }

    @Test
    void verifyWhenSealedRowEditedThenReportsThatRowUntilRestored() {
        String merchant = fixture().merchant().id();
        sealer.sealAll();
        Map<String, Object> row = jdbc.sql("SELECT id, details::text AS details FROM audit_events WHERE merchant_id = ? "
                + "AND action = 'merchant.created'").param(merchant).query().singleRow();
        long id = ((Number) row.get("id")).longValue();

        jdbc.sql("UPDATE audit_events SET details = '{\"return_origins\": [\"https://evil.example\"]}' WHERE id = ?")
                .param(id).update();
        try {
            JsonNode broken = json(ops().get("/ops/audit/verify"));
            assertThat(broken.get("intact").asBoolean()).isFalse();
            assertThat(broken.get("broken_at_id").asLong()).isEqualTo(id);
            assertThat(broken.get("reason").asString()).contains("edited");
        } finally {
            jdbc.sql("UPDATE audit_events SET details = ?::jsonb WHERE id = ?").params(row.get("details"), id).update();
        }
        assertThat(json(ops().get("/ops/audit/verify")).get("intact").asBoolean()).isTrue();
    }

    @Test
    void verifyWhenSealedRowDeletedThenReportsItsSealLeftWithoutIt() {
        String merchant = fixture().merchant().id();
        fixture().merchant();
        sealer.sealAll();
        Map<String, Object> row = jdbc.sql("SELECT * FROM audit_events WHERE merchant_id = ? AND action = 'acl.updated'")
                .param(merchant).query().singleRow();
        long seq = sealOf(((Number) row.get("id")).longValue()).orElseThrow();

        jdbc.sql("DELETE FROM audit_events WHERE id = ?").param(row.get("id")).update();
        try {
            JsonNode broken = json(ops().get("/ops/audit/verify"));
            assertThat(broken.get("intact").asBoolean()).isFalse();
            assertThat(broken.get("broken_at_seq").asLong()).isEqualTo(seq);
            assertThat(broken.get("broken_at_id").asLong()).isEqualTo(((Number) row.get("id")).longValue());
            assertThat(broken.get("reason").asString()).contains("deleted");
        } finally {
            jdbc.sql("""
                    INSERT INTO audit_events (id, occurred_at, actor_type, actor_id, action, merchant_id, subject_type,
                        subject_id, source_ip, details)
                    OVERRIDING SYSTEM VALUE
                    SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?::inet, ?::jsonb""")
                    .params(row.get("id"), row.get("occurred_at"), row.get("actor_type"), row.get("actor_id"),
                            row.get("action"), row.get("merchant_id"), row.get("subject_type"), row.get("subject_id"),
                            row.get("source_ip") == null ? null : row.get("source_ip").toString(),
                            row.get("details").toString())
                    .update();
        }
        assertThat(json(ops().get("/ops/audit/verify")).get("intact").asBoolean()).isTrue();
    }

    @Test
    void verifyWhenASealIsDeletedThenReportsTheGapInTheSealSequence() {
        String merchant = fixture().merchant().id();
        fixture().merchant();
        sealer.sealAll();
        long id = jdbc.sql("SELECT id FROM audit_events WHERE merchant_id = ? AND action = 'acl.updated'")
                .param(merchant).query(Long.class).single();
        Map<String, Object> seal = jdbc.sql("SELECT * FROM audit_seals WHERE event_id = ?").param(id).query().singleRow();
        long seq = ((Number) seal.get("seal_seq")).longValue();

        jdbc.sql("DELETE FROM audit_seals WHERE event_id = ?").param(id).update();
        try {
            JsonNode broken = json(ops().get("/ops/audit/verify"));
            assertThat(broken.get("intact").asBoolean()).isFalse();
            assertThat(broken.get("broken_at_seq").asLong()).isEqualTo(seq + 1);
            assertThat(broken.get("reason").asString()).contains("a seal was deleted");
        } finally {
            jdbc.sql("INSERT INTO audit_seals (event_id, seal_seq, prev_hash, hash) VALUES (?, ?, ?, ?)")
                    .params(id, seal.get("seal_seq"), seal.get("prev_hash"), seal.get("hash")).update();
        }
        assertThat(json(ops().get("/ops/audit/verify")).get("intact").asBoolean()).isTrue();
    }

    @Test
    void sealAllWhenARowWithALowerIdIsStillUncommittedThenNeitherIsSealedUntilItCommitsThenBothInIdOrder()
            throws Exception {
        sealer.sealAll();
        long early;
        long later;
        try (Connection open = dataSource.getConnection()) {
            early = insertUncommitted(open);
            later = insertCommitted();
            assertThat(later).isGreaterThan(early);

            assertThat(sealer.sealAll(Duration.ofMillis(300))).as("the pass waits for the open transaction").isZero();
            assertThat(sealOf(later)).as("a row after an uncommitted one").isEmpty();

            open.commit();
        }
        sealer.sealAll();
        assertThat(sealOf(early)).isPresent();
        assertThat(sealOf(later)).isPresent();
        assertThat(sealOf(later).orElseThrow()).isGreaterThan(sealOf(early).orElseThrow());
        JsonNode result = json(ops().get("/ops/audit/verify"));
        assertThat(result.get("intact").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("unsealed").asLong()).isZero();
    }

    @Test
    void scheduledPassWhenAWriterIsStillOpenThenKeepsItsHorizonAndSealsUpToItOnceTheWriterEnded() throws Exception {
        sealer.sealAll();
        long early;
        long later;
        try (Connection open = dataSource.getConnection()) {
            early = insertUncommitted(open);
            later = insertCommitted();

            sealer.scheduled();
            sealer.scheduled();
            assertThat(sealOf(later)).as("passes while the writer is open").isEmpty();

            open.commit();
        }
        sealer.scheduled();
        assertThat(sealOf(early)).isPresent();
        assertThat(sealOf(later).orElseThrow()).isGreaterThan(sealOf(early).orElseThrow());
    }

    /** An audit row in a transaction left open on {@code open}; returns its id. */
    private static long insertUncommitted(Connection open) throws SQLException {
        open.setAutoCommit(false);
        try (Statement st = open.createStatement();
             ResultSet rs = st.executeQuery("INSERT INTO audit_events (actor_type, action)"
                     + " VALUES ('system', 'test.committed_late') RETURNING id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** An audit row committed at once, after any uncommitted one: a higher id. */
    private long insertCommitted() {
        return jdbc.sql("INSERT INTO audit_events (actor_type, action) VALUES ('system', 'test.committed_early')"
                + " RETURNING id").query(Long.class).single();
    }

    private Optional<Long> sealOf(long eventId) {
        return jdbc.sql("SELECT seal_seq FROM audit_seals WHERE event_id = ?").param(eventId).query(Long.class).optional();
    }

    @Test
    void listWhenFilteredByMerchantAndActionThenOnlyMatchingRowsNewestFirst() {
        String merchant = fixture().merchant().id();
        fixture().issueKey(merchant, "charges:write");
        HttpResponse<String> page = ops().get("/ops/audit?merchant=" + merchant + "&limit=10");
        assertThat(page.statusCode()).isEqualTo(200);
        JsonNode data = json(page).get("data");
        assertThat(data.size()).isEqualTo(3);
        assertThat(data.get(0).get("action").asString()).isEqualTo("api_key.issued");
        assertThat(data.get(2).get("action").asString()).isEqualTo("merchant.created");
        assertThat(data.get(0).get("actor_id").asString()).isEqualTo(ADMIN_USER);

        JsonNode keys = json(ops().get("/ops/audit?merchant=" + merchant + "&action=api_key.issued"));
        assertThat(keys.get("data").size()).isEqualTo(1);
        assertThat(json(ops().get("/ops/audit?from=yesterday")).get("code").asString()).isEqualTo("parameter_invalid");
    }
}
