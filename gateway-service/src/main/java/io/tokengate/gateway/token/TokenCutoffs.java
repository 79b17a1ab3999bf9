package io.tokengate.gateway.token;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The revocation cutoff of containment: once recorded, every token of the merchant with a row id
 * below it is refused as revoked by the token check of charges (and reads as {@code revoked}),
 * before any worker has touched its row. It stays after the containment has finished, so a
 * straggler the worker could not see (a token committed late by a request already in flight)
 * is refused as well.
 *
 * <p>Row ids come from one sequence, so "issued before the incident" is "id below a value drawn
 * from that sequence": every id handed out earlier is smaller, every later one larger.
 */
@Component
public class TokenCutoffs {

    private final JdbcClient jdbc;

    TokenCutoffs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Draws the cutoff: larger than the id of every token inserted (or being inserted) so far. */
    @Transactional(propagation = Propagation.MANDATORY)
    public long allocate() {
        return jdbc.sql("SELECT nextval(pg_get_serial_sequence('tokens', 'id'))").query(Long.class).single();
    }

    /**
     * Records the cutoff for the merchant in the caller's transaction (the incident's), so it takes
     * effect exactly when the incident commits. A later incident only ever raises it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void apply(String merchantId, long cutoff, String incidentId) {
        jdbc.sql("""
                        INSERT INTO token_cutoffs (merchant_id, revoked_below, incident_id) VALUES (?, ?, ?)
                        ON CONFLICT (merchant_id) DO UPDATE
                        SET revoked_below = EXCLUDED.revoked_below, incident_id = EXCLUDED.incident_id, updated_at = now()
                        WHERE token_cutoffs.revoked_below < EXCLUDED.revoked_below""")
                .params(merchantId, cutoff, incidentId).update();
    }
}
