package io.tokengate.gateway.web;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: {@code data}, {@code has_more} and the opaque {@code next_cursor} to pass
 * as {@code starting_after} for the next page.
 */
public record PageResponse<T>(String object, List<T> data, boolean hasMore, String nextCursor) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /**
     * Builds a page from rows fetched with {@code limit + 1}: the extra row only says that more exist.
     */
    public static <R, T> PageResponse<T> of(List<R> rowsPlusOne, int limit, Function<R, String> cursorOf,
                                            Function<R, T> view) {
        boolean more = rowsPlusOne.size() > limit;
        List<R> rows = more ? rowsPlusOne.subList(0, limit) : rowsPlusOne;
        String next = more ? Cursors.encode(cursorOf.apply(rows.getLast())) : null;
        return new PageResponse<>("list", rows.stream().map(view).toList(), more, next);
    }

    /** Validates the {@code limit} query parameter. */
    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw ApiException.invalid("limit", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        return requested;
    }
}
