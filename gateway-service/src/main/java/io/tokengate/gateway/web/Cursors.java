package io.tokengate.gateway.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque pagination cursors. Callers treat them as strings; inside they carry the sort key of the
 * last row seen, so pages stay stable while rows are added.
 */
public final class Cursors {

    private static final int MAX_LENGTH = 200;

    private Cursors() {
    }

    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /** The position inside a cursor, or {@code null} for no cursor; a malformed one is a 400. */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        if (cursor.length() > MAX_LENGTH) {
            throw invalid();
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    /** Decodes a cursor that holds a positive long (row id). */
    public static Long decodeLong(String cursor) {
        String position = decode(cursor);
        if (position == null) {
            return null;
        }
        try {
            long value = Long.parseLong(position);
            if (value <= 0) {
                throw invalid();
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return new ApiException(ErrorCode.CURSOR_INVALID, "The cursor is not valid for this list; pass the next_cursor "
                + "of the previous page unchanged.", "starting_after");
    }
}
