package io.tokengate.gateway.keys;

import io.tokengate.gateway.web.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The running gateway instances and the KEK version each seals under ({@code kek_instances}), kept
 * by each instance's heartbeat. A re-wrap is complete only when no live instance is behind; an
 * instance that stopped cleanly removes its row, one that crashed stops counting once its
 * heartbeat is older than the liveness window.
 */
@Component
public class KekInstances {

    /** One instance as last heard of. */
    public record Instance(String instanceId, String host, int kekVersion, Instant startedAt, Instant seenAt) {
    }

    private final JdbcClient jdbc;
    private final KeysProperties properties;

    KekInstances(JdbcClient jdbc, KeysProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    void heartbeat(String instanceId, String host, int kekVersion) {
        jdbc.sql("""
                        INSERT INTO kek_instances (instance_id, host, kek_version) VALUES (?, ?, ?)
                        ON CONFLICT (instance_id) DO UPDATE SET kek_version = excluded.kek_version, seen_at = now()""")
                .params(instanceId, host, kekVersion).update();
    }

    void remove(String instanceId) {
        jdbc.sql("DELETE FROM kek_instances WHERE instance_id = ?").param(instanceId).update();
    }

    /** Forgets instances silent for far longer than the liveness window (crashed, never restarted). */
    void forgetLongGone() {
        jdbc.sql("DELETE FROM kek_instances WHERE seen_at < now() - make_interval(secs => ?)")
                .param((double) Math.max(3600, liveness().toSeconds() * 10)).update();
    }

    /** Instances heard from within the liveness window, by id. */
    public List<Instance> live() {
        return jdbc.sql("SELECT instance_id, host, kek_version, started_at, seen_at FROM kek_instances "
                        + "WHERE seen_at > now() - make_interval(secs => ?) ORDER BY instance_id")
                .param(livenessSeconds())
                .query((rs, i) -> new Instance(rs.getString(1), rs.getString(2), rs.getInt(3),
                        Rows.instant(rs, "started_at"), Rows.instant(rs, "seen_at")))
                .list();
    }

    /** How many live instances still seal under a version older than {@code version}. */
    public long liveBehind(int version) {
        return jdbc.sql("SELECT count(*) FROM kek_instances WHERE kek_version < ? "
                        + "AND seen_at > now() - make_interval(secs => ?)")
                .params(version, livenessSeconds()).query(Long.class).single();
    }

    private Duration liveness() {
        return properties.getInstanceLiveness();
    }

    private double livenessSeconds() {
        return liveness().toMillis() / 1000.0;
    }
}
