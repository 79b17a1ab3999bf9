package io.tokengate.gateway.rotation;

import io.tokengate.gateway.keys.KekBoundData;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;

/**
 * What still names each KEK version, counted in PostgreSQL over every {@link KekBoundData} the
 * features register (cards, token values, webhook secrets, ...).
 */
@Component
class KekUsage {

    /** Rows per kind of data ({@code cards}, {@code tokens}, ...), in registration order. */
    record Count(Map<String, Long> byKind) {

        long total() {
            return byKind.values().stream().mapToLong(Long::longValue).sum();
        }

        long of(String kind) {
            return byKind.getOrDefault(kind, 0L);
        }
    }

    private final List<KekBoundData> data;

    KekUsage(List<KekBoundData> data) {
        this.data = List.copyOf(data);
    }

    List<KekBoundData> data() {
        return data;
    }

    Count using(int version) {
        return count(d -> d.countUsing(version));
    }

    /** Everything under a version older than {@code version}: what a re-wrap to it still has to move. */
    Count olderThan(int version) {
        return count(d -> d.countOlderThan(version));
    }

    /** Per version in use, the rows per kind. */
    Map<Integer, Count> byVersion() {
        Map<Integer, Map<String, Long>> counts = new TreeMap<>();
        for (KekBoundData d : data) {
            d.countByVersion().forEach((version, n) ->
                    counts.computeIfAbsent(version, v -> new LinkedHashMap<>()).put(d.name(), n));
        }
        Map<Integer, Count> result = new TreeMap<>();
        counts.forEach((version, byKind) -> result.put(version, new Count(Collections.unmodifiableMap(byKind))));
        return result;
    }

    private Count count(ToLongFunction<KekBoundData> counter) {
        Map<String, Long> byKind = new LinkedHashMap<>();
        for (KekBoundData d : data) {
            byKind.put(d.name(), counter.applyAsLong(d));
        }
        return new Count(Collections.unmodifiableMap(byKind));
    }
}
