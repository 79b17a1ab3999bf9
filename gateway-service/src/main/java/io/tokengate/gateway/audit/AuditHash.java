package io.tokengate.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The chain function: {@code hash = SHA-256(prev_hash || canonical(row))}. The canonical form
 * length-prefixes every field, so no two different rows share an encoding. Sealer and verifier
 * read the same columns through {@link #COLUMNS}, so they cannot disagree on the encoding.
 */
final class AuditHash {

    /** The columns of an audit row that its hash covers besides its seal sequence, from {@code audit_events e}. */
    static final String COLUMNS = """
            e.id, (extract(epoch FROM e.occurred_at) * 1000000)::bigint AS occurred_micros, e.actor_type, e.actor_id,
            e.action, e.merchant_id, e.subject_type, e.subject_id, host(e.source_ip) AS source_ip,
            e.details::text AS details""";

    static final byte[] GENESIS = new byte[32];

    private AuditHash() {
    }

    static byte[] compute(byte[] prevHash, long sealSeq, ResultSet row) throws SQLException {
        MessageDigest sha = sha256();
        sha.update(prevHash);
        field(sha, Long.toString(sealSeq));
        field(sha, Long.toString(row.getLong("id")));
        field(sha, Long.toString(row.getLong("occurred_micros")));
        for (String column : new String[] {"actor_type", "actor_id", "action", "merchant_id", "subject_type",
                "subject_id", "source_ip", "details"}) {
            field(sha, row.getString(column));
        }
        return sha.digest();
    }

    private static void field(MessageDigest sha, String value) {
        if (value == null) {
            sha.update((byte) 0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update((byte) 1);
        sha.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                (byte) (bytes.length >>> 8), (byte) bytes.length});
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
