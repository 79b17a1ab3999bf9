package io.tokengate.gateway.merchant;

import io.tokengate.gateway.web.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ApiKeyRepository {

    private static final String COLUMNS =
            "id, merchant_id, secret_hint, scopes, status, expires_at, created_at, revoked_at, last_used_at";

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String id, String merchantId, byte[] secretHash, String hint, List<String> scopes, Instant expiresAt) {
        jdbc.sql("INSERT INTO api_keys (id, merchant_id, secret_hash, secret_hint, scopes, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, merchantId, secretHash, hint, scopes.toArray(String[]::new), Rows.timestamp(expiresAt))
                .update();
    }

    Optional<ApiKey> find(String merchantId, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE merchant_id = ? AND id = ?")
                .params(merchantId, id).query(ApiKeyRepository::map).optional();
    }

    List<ApiKey> list(String merchantId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE merchant_id = ? ORDER BY created_at DESC, id DESC")
                .param(merchantId).query(ApiKeyRepository::map).list();
    }

    /** Revokes one active key; returns false when it was not active. */
    boolean revoke(String merchantId, String id, String reason) {
        return jdbc.sql("UPDATE api_keys SET status = 'revoked', revoked_at = now(), revoked_reason = ? "
                        + "WHERE merchant_id = ? AND id = ? AND status = 'active'")
                .params(reason, merchantId, id).update() == 1;
    }

    /** Revokes every active key of a merchant (containment); returns the ids revoked. */
    List<String> revokeAll(String merchantId, String reason) {
        return jdbc.sql("UPDATE api_keys SET status = 'revoked', revoked_at = now(), revoked_reason = ? "
                        + "WHERE merchant_id = ? AND status = 'active' RETURNING id")
                .params(reason, merchantId).query(String.class).list();
    }

    /**
     * Everything authentication needs in one round trip: the key, its merchant's status and
     * whether the merchant's ACL admits the client's network, and the version of that ACL (so a
     * charge can use the ACL already in memory when it is still that version).
     */
    Optional<KeyAuthentication> authenticate(byte[] secretHash, String clientIp) {
        return authenticateAll(List.of(new Presented(secretHash, clientIp))).getFirst();
    }

    /** A presented secret's hash and the address it came from. */
    record Presented(byte[] secretHash, String clientIp) {
    }

    /**
     * {@link #authenticate} for several presented secrets in one statement; one answer per secret, in
     * order. One secret alone is read from a row of values rather than arrays: the same plan, at less
     * cost to PostgreSQL than unnesting arrays of one.
     */
    List<Optional<KeyAuthentication>> authenticateAll(List<Presented> presented) {
        boolean one = presented.size() == 1;
        List<Map.Entry<Integer, KeyAuthentication>> rows = jdbc.sql("""
                        SELECT p.n, k.id, k.merchant_id, k.scopes, k.status, k.expires_at, k.last_used_at,
                               m.status AS merchant_status, a.xmin::text AS acl_version,
                               (a.allowed_cidrs IS NULL OR cardinality(a.allowed_cidrs) = 0
                                OR p.client_ip::inet <<= ANY (a.allowed_cidrs)) AS network_allowed
                          FROM %s
                          JOIN api_keys k ON k.secret_hash = p.secret_hash
                          JOIN merchants m ON m.id = k.merchant_id
                          LEFT JOIN merchant_acls a ON a.merchant_id = k.merchant_id""".formatted(one
                        ? "(VALUES (?::bytea, ?::text, 1)) AS p(secret_hash, client_ip, n)"
                        : "unnest(?::bytea[], ?::text[]) WITH ORDINALITY AS p(secret_hash, client_ip, n)"))
                .params(one ? presented.getFirst().secretHash()
                                : presented.stream().map(Presented::secretHash).toArray(byte[][]::new),
                        one ? presented.getFirst().clientIp()
                                : presented.stream().map(Presented::clientIp).toArray(String[]::new))
                .query((rs, i) -> Map.entry(rs.getInt("n"), new KeyAuthentication(rs.getString("id"),
                        rs.getString("merchant_id"), Rows.strings(rs, "scopes"), rs.getString("status"),
                        Rows.instant(rs, "expires_at"), rs.getString("merchant_status"),
                        rs.getBoolean("network_allowed"), Rows.instant(rs, "last_used_at"),
                        rs.getString("acl_version"))))
                .list();
        return Rows.byOrdinal(rows, presented.size());
    }

    /** Records use at most once a minute per key, so authentication does not write on every request. */
    void touch(String id) {
        jdbc.sql("UPDATE api_keys SET last_used_at = now() WHERE id = ? "
                        + "AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')")
                .param(id).update();
    }

    private static ApiKey map(ResultSet rs, int row) throws SQLException {
        return new ApiKey(rs.getString("id"), rs.getString("merchant_id"), rs.getString("secret_hint"),
                Rows.strings(rs, "scopes"), rs.getString("status"), Rows.instant(rs, "expires_at"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "revoked_at"), Rows.instant(rs, "last_used_at"));
    }
}
