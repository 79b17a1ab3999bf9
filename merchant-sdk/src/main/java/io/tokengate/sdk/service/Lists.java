package io.tokengate.sdk.service;

import io.tokengate.sdk.RequestOptions;
import io.tokengate.sdk.internal.ApiRequestor;
import io.tokengate.sdk.internal.ListEnvelope;
import io.tokengate.sdk.model.Page;
import java.util.LinkedHashMap;
import java.util.Map;

/** Fetches a page of a list and wires the fetch of the following pages with the same filters. */
final class Lists {

    private Lists() {
    }

    static <T> Page<T> page(ApiRequestor requestor, String operation, String path, Map<String, Object> query,
                            Class<T> itemType, RequestOptions options) {
        ListEnvelope<T> envelope = requestor.get(operation, path, query, ApiRequestor.listOf(itemType), options);
        return new Page<>(envelope.data(), envelope.hasMore(), envelope.nextCursor(), cursor -> {
            Map<String, Object> next = new LinkedHashMap<>(query);
            next.put("starting_after", cursor);
            return page(requestor, operation, path, next, itemType, options);
        });
    }
}
