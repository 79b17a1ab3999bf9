package io.tokengate.gateway.web;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Column readers, and the answers of group reads, shared by the repositories. */
public final class Rows {

    private Rows() {
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    public static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        return Arrays.stream(values).map(String::valueOf).toList();
    }

    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    public static java.sql.Timestamp timestamp(Instant instant) {
        return instant == null ? null : java.sql.Timestamp.from(instant);
    }

    /**
     * The answers of a group read, one per item asked, in order: {@code rows} carry the item's number
     * (from 1, as {@code WITH ORDINALITY} gives it); an item no row answered gets empty.
     */
    public static <T> List<Optional<T>> byOrdinal(List<Map.Entry<Integer, T>> rows, int asked) {
        List<Optional<T>> answers = new ArrayList<>(Collections.nCopies(asked, Optional.empty()));
        rows.forEach(row -> answers.set(row.getKey() - 1, Optional.of(row.getValue())));
        return answers;
    }
}
