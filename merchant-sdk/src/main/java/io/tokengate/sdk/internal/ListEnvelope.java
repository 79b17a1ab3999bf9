package io.tokengate.sdk.internal;

import java.util.List;

/** A page of a list as the gateway sends it ({@code "object": "list"}). Internal. */
public record ListEnvelope<T>(String object, List<T> data, boolean hasMore, String nextCursor) {
}
