package io.tokengate.gateway.idempotency;

import io.tokengate.gateway.web.AttachedRows;
import io.tokengate.gateway.web.AttachedWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Idempotency records, used inside the caller's own transactions so that claiming a key costs no
 * commit of its own: the claim commits with the first change it guards (the pending charge) and
 * the stored response with the outcome. Keys are per merchant and kept for
 * {@code tokengate.idempotency.ttl} (24 h); a scheduled purge deletes expired rows.
 *
 * <p>Concurrency: the claim is an {@code INSERT ... ON CONFLICT DO NOTHING} on the primary key, so
 * a second request with the same key waits for the first one's transaction and then sees its row:
 * at most one request per key ever proceeds.
 *
 * <p>For the hottest path (the charge) the claim and the completion can also ride along with the
 * caller's own statement ({@link #claimWith}, {@link #completeWith}): one round trip instead of two.
 */
@Component
public class IdempotencyStore {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyStore.class);
    private static final int PURGE_BATCH = 10_000;

    private final JdbcClient jdbc;
    private final Duration ttl;

    IdempotencyStore(JdbcClient jdbc, @Value("${tokengate.idempotency.ttl:24h}") Duration ttl) {
        this.jdbc = jdbc;
        this.ttl = ttl;
    }

    /** Claims the key in the caller's transaction; only {@link Claim.Claimed} lets the request proceed. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Claim claim(IdempotentRequest request) {
        for (int attempt = 0; attempt < 2; attempt++) {
            if (insert(request)) {
                return new Claim.Claimed();
            }
            Optional<Claim> held = lookup(request);
            if (held.isPresent()) {
                return held.get();
            }
            // Free again: the holder rolled back, or the record had expired and is gone. Try once more.
        }
        return new Claim.InProgress();
    }

    /** Condition for a statement passed to {@link #claimWith}: true when this statement claimed the key. */
    public static final String CLAIMED = "EXISTS (SELECT 1 FROM idempotency_claim)";

    /**
     * Claims the key and runs {@code insert} in the same statement, in the caller's transaction.
     * {@code insert} is an {@code INSERT ... SELECT ... WHERE} {@link #CLAIMED} {@code RETURNING ...}
     * with its own parameters; it inserts nothing when the key was taken.
     *
     * @return the inserted row, or empty when the key is taken (then, after rolling back, ask
     *         {@link #lookup} what to answer)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public <T> Optional<T> claimWith(IdempotentRequest request, String insert, List<Object> params,
                                     RowMapper<T> mapper) {
        List<Object> all = new ArrayList<>(List.of(request.merchantId(), request.key(), request.requestHash(),
                (double) ttl.toSeconds()));
        all.addAll(params);
        return jdbc.sql("""
                        WITH idempotency_claim AS (
                            INSERT INTO idempotency_records (merchant_id, idempotency_key, request_hash, expires_at)
                            VALUES (?, ?, ?, now() + make_interval(secs => ?))
                            ON CONFLICT (merchant_id, idempotency_key) DO NOTHING
                            RETURNING 1)
                        """ + insert)
                .params(all).query(mapper).optional();
    }

    /**
     * {@link #claimWith(IdempotentRequest, String, List, RowMapper)} with writes attached to the
     * insert (its audit row), written only when the insert happened, in the same statement.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public <T> Optional<T> claimWith(IdempotentRequest request, String insert, List<Object> params,
                                     RowMapper<T> mapper, List<AttachedWrite> attached) {
        List<Object> all = new ArrayList<>(List.of(request.merchantId(), request.key(), request.requestHash(),
                (double) ttl.toSeconds()));
        all.addAll(params);
        String sql = AttachedWrite.compose("""
                idempotency_claim AS (
                    INSERT INTO idempotency_records (merchant_id, idempotency_key, request_hash, expires_at)
                    VALUES (?, ?, ?, now() + make_interval(secs => ?))
                    ON CONFLICT (merchant_id, idempotency_key) DO NOTHING
                    RETURNING 1),
                claimed AS (""" + insert + ")", "claimed", attached, all);
        return jdbc.sql(sql).params(all).query(mapper).optional();
    }

    /**
     * {@link #claimWith}'s claim for a set of requests (a group commit's), as the CTE
     * {@code idempotency_claim} of the caller's statement: it returns {@code (merchant_id,
     * idempotency_key)} of every key it claimed. The requests' keys must be distinct; a statement
     * guards each row with {@link #claimedBy}. Keys are claimed in key order, so two instances'
     * batches that share keys wait for each other in one order and cannot deadlock.
     */
    public String claimAll(List<IdempotentRequest> requests, List<Object> params) {
        params.add((double) ttl.toSeconds());
        params.add(requests.stream().map(IdempotentRequest::merchantId).toArray(String[]::new));
        params.add(requests.stream().map(IdempotentRequest::key).toArray(String[]::new));
        params.add(requests.stream().map(IdempotentRequest::requestHash).toArray(byte[][]::new));
        return """
                idempotency_claim AS (
                    INSERT INTO idempotency_records (merchant_id, idempotency_key, request_hash, expires_at)
                    SELECT k.merchant_id, k.idempotency_key, k.request_hash, now() + make_interval(secs => ?)
                      FROM unnest(?::text[], ?::text[], ?::bytea[]) AS k(merchant_id, idempotency_key, request_hash)
                     ORDER BY k.merchant_id, k.idempotency_key
                    ON CONFLICT (merchant_id, idempotency_key) DO NOTHING
                    RETURNING merchant_id, idempotency_key)""";
    }

    /** For {@link #claimAll}: true when the row {@code alias} (with merchant_id, idempotency_key) claimed its key. */
    public static String claimedBy(String alias) {
        return "EXISTS (SELECT 1 FROM idempotency_claim c WHERE c.merchant_id = " + alias + ".merchant_id "
                + "AND c.idempotency_key = " + alias + ".idempotency_key)";
    }

    /**
     * What the key already holds, for a request that could not claim it (or failed before it
     * could): a replay, in progress, or a mismatch; empty when the key is free (an expired record
     * is deleted on the way).
     */
    @Transactional
    public Optional<Claim> lookup(IdempotentRequest request) {
        Optional<Existing> existing = find(request);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        Existing row = existing.get();
        if (row.expired()) {
            jdbc.sql("DELETE FROM idempotency_records WHERE merchant_id = ? AND idempotency_key = ? "
                    + "AND expires_at <= now()").params(request.merchantId(), request.key()).update();
            return Optional.empty();
        }
        if (!Arrays.equals(row.requestHash(), request.requestHash())) {
            return Optional.of(new Claim.Mismatch());
        }
        return Optional.of(row.response() == null ? new Claim.InProgress() : new Claim.Replay(row.response()));
    }

    /**
     * Runs the caller's {@code UPDATE ... RETURNING} and, if it changed a row, stores the response
     * of the claimed key, in one statement and the caller's transaction.
     *
     * @return the updated row, or empty when the update matched nothing (nothing was stored)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public <T> Optional<T> completeWith(String merchantId, String key, StoredResponse response, String update,
                                        List<Object> params, RowMapper<T> mapper) {
        return completeWith(merchantId, key, response, update, params, mapper, List.of());
    }

    /**
     * {@link #completeWith(String, String, StoredResponse, String, List, RowMapper)} with writes
     * attached to the update (its audit row, its webhook event), written only when the update
     * changed a row, in the same statement.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public <T> Optional<T> completeWith(String merchantId, String key, StoredResponse response, String update,
                                        List<Object> params, RowMapper<T> mapper, List<AttachedWrite> attached) {
        List<Object> all = new ArrayList<>(params);
        all.addAll(List.of(response.status(), response.contentType(), response.body(), merchantId, key));
        String sql = AttachedWrite.compose("outcome AS (" + update + """
                ), idempotency_done AS (
                    UPDATE idempotency_records
                       SET status = 'completed', response_status = ?, response_type = ?, response_body = ?
                     WHERE merchant_id = ? AND idempotency_key = ? AND status = 'in_progress'
                       AND EXISTS (SELECT 1 FROM outcome))""", "outcome", attached, all);
        return jdbc.sql(sql).params(all).query(mapper).optional();
    }

    /** One answer to store under a claimed key, for {@link #completions}. */
    public record Completion(String hostKey, String merchantId, String idempotencyKey, StoredResponse response) {
    }

    /**
     * {@link #completeWith}'s update of the key records, for a set-based host statement: each answer is
     * stored only if the host changed the row keyed {@code hostKey}.
     */
    public AttachedRows completions(List<Completion> completions) {
        List<Object> params = List.of(
                completions.stream().map(Completion::hostKey).toArray(String[]::new),
                completions.stream().map(Completion::merchantId).toArray(String[]::new),
                completions.stream().map(Completion::idempotencyKey).toArray(String[]::new),
                completions.stream().map(c -> c.response().status()).toArray(Integer[]::new),
                completions.stream().map(c -> c.response().contentType()).toArray(String[]::new),
                completions.stream().map(c -> c.response().body()).toArray(byte[][]::new));
        return new AttachedRows() {
            @Override
            public String ctes(String prefix, String result, String keyColumn) {
                return prefix + """
                        idempotency_done AS (
                            UPDATE idempotency_records r
                               SET status = 'completed', response_status = i.status, response_type = i.type,
                                   response_body = i.body
                              FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::bytea[])
                                   AS i(k, merchant_id, idempotency_key, status, type, body)
                              JOIN\s""" + result + " host ON host." + keyColumn + """
                         = i.k
                             WHERE r.merchant_id = i.merchant_id AND r.idempotency_key = i.idempotency_key
                               AND r.status = 'in_progress')""";
            }

            @Override
            public List<Object> params() {
                return params;
            }
        };
    }

    /** Stores the response of a claimed key, in the caller's transaction (the one recording the outcome). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void complete(String merchantId, String key, StoredResponse response) {
        jdbc.sql("""
                        UPDATE idempotency_records
                           SET status = 'completed', response_status = ?, response_type = ?, response_body = ?
                         WHERE merchant_id = ? AND idempotency_key = ? AND status = 'in_progress'""")
                .params(response.status(), response.contentType(), response.body(), merchantId, key)
                .update();
    }

    /** Gives a claimed key back (a 5xx outcome), so a retry with it runs again. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void release(String merchantId, String key) {
        jdbc.sql("DELETE FROM idempotency_records WHERE merchant_id = ? AND idempotency_key = ? "
                + "AND status = 'in_progress'").params(merchantId, key).update();
    }

    /**
     * Stores an error answered after the request's transaction rolled back (its claim with it).
     * Should another request have claimed the key meanwhile, its outcome wins.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void storeRefusal(IdempotentRequest request, StoredResponse response) {
        jdbc.sql("""
                        INSERT INTO idempotency_records (merchant_id, idempotency_key, request_hash, status,
                                                         response_status, response_type, response_body, expires_at)
                        VALUES (?, ?, ?, 'completed', ?, ?, ?, now() + make_interval(secs => ?))
                        ON CONFLICT (merchant_id, idempotency_key) DO NOTHING""")
                .params(request.merchantId(), request.key(), request.requestHash(), response.status(),
                        response.contentType(), response.body(), (double) ttl.toSeconds())
                .update();
    }

    @Scheduled(fixedDelayString = "${tokengate.idempotency.purge-interval:10m}", initialDelayString = "1m")
    void scheduledPurge() {
        try {
            purgeExpired();
        } catch (RuntimeException e) {
            log.warn("idempotency purge failed, will retry: {}", e.toString());
        }
    }

    /** Deletes expired records in batches; safe to run on every instance at once. */
    public int purgeExpired() {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                    DELETE FROM idempotency_records WHERE ctid = ANY (ARRAY(
                        SELECT ctid FROM idempotency_records WHERE expires_at <= now() LIMIT %d))"""
                    .formatted(PURGE_BATCH)).update();
            total += deleted;
        } while (deleted == PURGE_BATCH);
        return total;
    }

    private boolean insert(IdempotentRequest request) {
        return jdbc.sql("""
                        INSERT INTO idempotency_records (merchant_id, idempotency_key, request_hash, expires_at)
                        VALUES (?, ?, ?, now() + make_interval(secs => ?))
                        ON CONFLICT (merchant_id, idempotency_key) DO NOTHING""")
                .params(request.merchantId(), request.key(), request.requestHash(), (double) ttl.toSeconds())
                .update() == 1;
    }

    private Optional<Existing> find(IdempotentRequest request) {
        return jdbc.sql("""
                        SELECT request_hash, response_status, response_type, response_body, expires_at <= now()
                          FROM idempotency_records WHERE merchant_id = ? AND idempotency_key = ?""")
                .params(request.merchantId(), request.key())
                .query((rs, i) -> {
                    int status = rs.getInt(2);
                    StoredResponse response = rs.wasNull() ? null
                            : new StoredResponse(status, rs.getString(3), rs.getBytes(4));
                    return new Existing(rs.getBytes(1), response, rs.getBoolean(5));
                })
                .optional();
    }

    private record Existing(byte[] requestHash, StoredResponse response, boolean expired) {
    }
}
