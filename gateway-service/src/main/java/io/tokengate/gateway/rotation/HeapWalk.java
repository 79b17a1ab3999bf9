package io.tokengate.gateway.rotation;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How a large re-wrap walks a table: in physical order, a range of heap pages per batch (a TID
 * range scan), instead of in key order. Keys are random, so walking by key touches a different
 * heap page for nearly every row: each batch would drag hundreds of pages through the buffer cache
 * and write a full-page image to the WAL for each page first changed since the last checkpoint,
 * which slows every commit of the charge path. Walking by page changes each page once, together
 * with its neighbours. The walk stops at the table's size when it started: the new row versions it
 * appends behind that carry the new KEK version already. Once few rows are left (a later pass,
 * cards an instance sealed before it reloaded) the walk goes by key through the version index
 * instead of scanning the whole table.
 *
 * <p>Cursors: {@code p<page>/<end page>} for a physical walk, {@code k<key>} for a walk by key.
 */
final class HeapWalk {

    /** Rows per heap page assumed to turn a batch's row limit into a page range. */
    private static final int ROWS_PER_PAGE = 20;

    /** A position in a physical walk: the next page and the page to stop before. */
    record Pages(long from, long end) {

        /** The range of the next batch of {@code limit} rows, clipped to the end. */
        long until(int limit) {
            return Math.min(end, from + Math.max(1, limit / ROWS_PER_PAGE));
        }

        static String cursor(long next, long end) {
            return "p" + next + "/" + end;
        }

        /** The TID that starts heap page {@code page}. */
        static String tid(long page) {
            return "(" + page + ",0)";
        }
    }

    private HeapWalk() {
    }

    /**
     * Where a walk starts: physically when {@code rows} reaches {@code physicalMinRows}
     * ({@code tokengate.keys.rewrap.physical-walk-min-rows}; below it, walking the index beats
     * scanning the heap), else by key.
     */
    static String start(JdbcTemplate jdbc, String table, long rows, long physicalMinRows) {
        return rows >= physicalMinRows ? Pages.cursor(0, relationPages(jdbc, table)) : "k";
    }

    static boolean physical(String cursor) {
        return cursor.startsWith("p");
    }

    static Pages pages(String cursor) {
        int slash = cursor.indexOf('/');
        return new Pages(Long.parseLong(cursor.substring(1, slash)), Long.parseLong(cursor.substring(slash + 1)));
    }

    static String key(String cursor) {
        return cursor.substring(1);
    }

    private static long relationPages(JdbcTemplate jdbc, String table) {
        Long pages = jdbc.queryForObject("SELECT pg_relation_size(?::regclass) / current_setting('block_size')::int",
                Long.class, table);
        return pages == null ? 0 : pages;
    }
}
