package io.tokengate.sdk.param;

import java.util.Map;

/** Checks shared by the params builders. */
final class Params {

    private Params() {
    }

    static <T> T required(T value, String type, String field) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new IllegalArgumentException(type + ": " + field + " is required.");
        }
        return value;
    }

    static void put(Map<String, Object> map, String name, Object value) {
        if (value != null) {
            map.put(name, value);
        }
    }

    static Integer limit(Integer limit) {
        if (limit != null && (limit < 1 || limit > 100)) {
            throw new IllegalArgumentException("limit is 1 to 100 items per page.");
        }
        return limit;
    }
}
