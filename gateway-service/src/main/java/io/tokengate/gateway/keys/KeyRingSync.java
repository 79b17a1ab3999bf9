package io.tokengate.gateway.keys;

import io.tokengate.gateway.keys.KekVersions.KekVersion;
import io.tokengate.vault.KeyRing;
import io.tokengate.vault.token.RandomIds;
import jakarta.annotation.PreDestroy;
import java.net.InetAddress;
import java.util.List;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps this instance's key ring in step with {@code kek_versions}, so a rotation or destruction
 * made through any instance reaches all of them without a restart. Every few seconds it reads the
 * table, reloads the ring from the shared key store when the table names a version the ring lacks
 * or still holds one the table marks destroyed, and reports the version it seals under (the
 * heartbeat the re-wrap job waits on). All instances must open the same key store file: in
 * production one mounted secret or volume; an instance whose file lacks a version the database
 * names says so loudly in its log.
 */
@Component
public class KeyRingSync {

    private static final Logger log = LoggerFactory.getLogger(KeyRingSync.class);

    private final KeyRing keyRing;
    private final KekVersions versions;
    private final KekInstances instances;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final String instanceId = RandomIds.generate("inst_", 64);
    private final String host = hostName();
    private volatile boolean reloadPaused;
    private String lastWarning;
    private String lastReloadFor;

    KeyRingSync(KeyRing keyRing, KekVersions versions, KekInstances instances, TransactionTemplate tx,
                ApplicationEventPublisher events) {
        this.keyRing = keyRing;
        this.versions = versions;
        this.instances = instances;
        this.tx = tx;
        this.events = events;
    }

    @EventListener(ApplicationReadyEvent.class)
    void started() {
        syncNow();
    }

    @Scheduled(fixedDelayString = "${tokengate.keys.sync-interval:2s}", initialDelayString = "${tokengate.keys.sync-interval:2s}")
    void scheduled() {
        try {
            syncNow();
        } catch (RuntimeException e) {
            log.warn("key ring sync failed, will retry: {}", e.toString());
        }
    }

    /**
     * Brings the ring in step with the database now (reloading if needed), registers ring versions
     * the database lacks, and reports this instance's version. Returns the version the ring seals
     * under afterwards.
     */
    public synchronized int syncNow() {
        List<KekVersion> known = versions.list();
        // Reload once per change of the table: a key store that lacks a version stays wrong until
        // someone fixes the file, and re-reading it every few seconds would not help.
        String state = known.toString();
        if (!reloadPaused && outOfStep(known, keyRing.kekVersions()) && !state.equals(lastReloadFor)) {
            keyRing.reload();
            lastReloadFor = state;
            log.info("Key ring reloaded from {}: current kek-v{}, versions {}", keyRing.path(),
                    keyRing.currentKekVersion(), keyRing.kekVersions());
        }
        SortedSet<Integer> ring = keyRing.kekVersions();
        warnIfStillOutOfStep(known, ring);
        int newest = ring.last();
        boolean ahead = known.stream().noneMatch(v -> v.version() >= newest);
        if (ahead) {
            tx.executeWithoutResult(status -> {
                OptionalInt previous = versions.registerRing(ring);
                if (previous.isPresent()) {
                    log.warn("kek-v{} was in the key store but not in the database (a rotation whose commit was "
                            + "lost); it is now current and its re-wrap starts", newest);
                    events.publishEvent(new KekVersionAdopted(previous.getAsInt(), newest));
                }
            });
        }
        int current = keyRing.currentKekVersion();
        instances.heartbeat(instanceId, host, current);
        return current;
    }

    /** This instance's id in {@code kek_instances}. */
    public String instanceId() {
        return instanceId;
    }

    /**
     * Stops (or resumes) reloading, so the instance keeps sealing under the version it has: the
     * window between a rotation elsewhere and this instance's next poll, held open on purpose.
     * Fault injection for tests and drills; the heartbeat keeps reporting the real version.
     */
    public void pauseReload(boolean paused) {
        this.reloadPaused = paused;
    }

    @PreDestroy
    void stopped() {
        try {
            instances.remove(instanceId);
        } catch (RuntimeException e) {
            log.debug("could not remove the heartbeat of {}: {}", instanceId, e.toString());
        }
    }

    @Scheduled(fixedDelay = 3_600_000, initialDelay = 60_000)
    void forgetLongGone() {
        try {
            instances.forgetLongGone();
        } catch (RuntimeException e) {
            log.debug("could not prune kek_instances: {}", e.toString());
        }
    }

    private static boolean outOfStep(List<KekVersion> known, SortedSet<Integer> ring) {
        for (KekVersion v : known) {
            if (v.destroyed() == ring.contains(v.version())) {
                return true;
            }
        }
        return false;
    }

    private void warnIfStillOutOfStep(List<KekVersion> known, SortedSet<Integer> ring) {
        SortedSet<Integer> missing = new TreeSet<>();
        known.stream().filter(v -> !v.destroyed() && !ring.contains(v.version())).forEach(v -> missing.add(v.version()));
        String warning = missing.isEmpty() ? null : missing.toString();
        if (warning != null && !warning.equals(lastWarning) && !reloadPaused) {
            log.error("The key store at {} lacks KEK version(s) {} that the database names: cards wrapped under them "
                    + "cannot be opened by this instance. All instances must share one key store file.",
                    keyRing.path(), warning);
        }
        lastWarning = warning;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
