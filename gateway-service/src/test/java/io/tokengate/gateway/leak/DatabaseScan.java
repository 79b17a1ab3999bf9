package io.tokengate.gateway.leak;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Looks for needles in every column of every table of the given schemas. Each table is read once by
 * PostgreSQL: its rows' text form ({@code t::text}: every column, jsonb and arrays as text, bytea as
 * hex, numbers as digits) is matched against one regex of all forms. Only a table that matches is
 * looked at column by column, to name the column and the form; bytea is then checked in Java as raw
 * bytes, so a hex match at an odd offset is not reported.
 */
final class DatabaseScan {

    /** What one scan read and found. */
    record Result(int tables, int columns, long rows, List<String> hits) {
    }

    private final JdbcTemplate jdbc;

    DatabaseScan(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Result scan(Needles needles, String... schemas) {
        Map<String, List<Column>> tables = new LinkedHashMap<>();
        for (String schema : schemas) {
            jdbc.query("""
                            SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
                            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                            WHERE c.table_schema = ? AND t.table_type = 'BASE TABLE' ORDER BY c.table_name, c.ordinal_position""",
                    rs -> {
                        String table = quote(schema) + "." + quote(rs.getString(1));
                        tables.computeIfAbsent(table, k -> new ArrayList<>())
                                .add(new Column(rs.getString(2), rs.getString(3)));
                    }, schema);
        }
        String pattern = needles.postgresAlternation();
        List<String> hits = new ArrayList<>();
        long rows = 0;
        int columns = 0;
        for (Map.Entry<String, List<Column>> table : tables.entrySet()) {
            columns += table.getValue().size();
            rows += jdbc.queryForObject("SELECT count(*) FROM " + table.getKey(), Long.class);
            Long matching = jdbc.queryForObject("SELECT count(*) FROM " + table.getKey() + " t WHERE t::text ~ ?",
                    Long.class, pattern);
            if (matching != null && matching > 0) {
                hits.addAll(pinpoint(needles, pattern, table.getKey(), table.getValue()));
            }
        }
        return new Result(tables.size(), columns, rows, hits);
    }

    /** Names the columns and forms of a table whose rows matched. */
    private List<String> pinpoint(Needles needles, String pattern, String table, List<Column> columns) {
        List<String> hits = new ArrayList<>();
        for (Column column : columns) {
            Set<String> found = new LinkedHashSet<>();
            if ("bytea".equals(column.type())) {
                jdbc.query("SELECT " + quote(column.name()) + " FROM " + table + " WHERE encode(" + quote(column.name())
                        + ", 'hex') ~ ?", rs -> {
                    found.addAll(needles.find(rs.getBytes(1)));
                }, pattern);
            } else {
                jdbc.query("SELECT " + quote(column.name()) + "::text FROM " + table + " WHERE " + quote(column.name())
                        + "::text ~ ?", rs -> {
                    found.addAll(needles.find(rs.getString(1)));
                }, pattern);
            }
            if (!found.isEmpty()) {
                hits.add("database " + table + "." + column.name() + ": " + found);
            }
        }
        // A row can match as a whole where no column does (a CVC label at the end of one column and
        // digits at the start of the next; hex at an odd offset inside bytea): not a leak.
        return hits;
    }

    /** Every schema of the database but PostgreSQL's own (and the self-check's scratch schema). */
    static String[] userSchemas(JdbcTemplate jdbc) {
        return jdbc.queryForList("""
                SELECT schema_name FROM information_schema.schemata
                WHERE schema_name NOT IN ('information_schema', 'leak_selfcheck') AND schema_name NOT LIKE 'pg\\_%'""",
                String.class).toArray(String[]::new);
    }

    /** A column meant for a card security code is a finding in itself: a CVC is never stored. */
    static List<String> securityCodeColumns(JdbcTemplate jdbc) {
        return jdbc.queryForList("""
                SELECT table_schema || '.' || table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema NOT IN ('information_schema', 'pg_catalog')
                  AND column_name ~* '(cvc|cvv|cvn|csc|security_code)'""", String.class)
                .stream().map(c -> "database column for a card security code: " + c).toList();
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private record Column(String name, String type) {
    }
}
