package io.tokengate.sdk.model;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One page of a list, newest first, plus the way to the rest: {@link #autoPagingIterable()} walks
 * this page and then fetches the following ones lazily (passing {@link #nextCursor()} as
 * {@code starting_after}), one request per page, with the filters and request options of the
 * call that produced this page. Iterating may throw the SDK's exceptions like any call.
 *
 * @param <T> the item type
 */
public final class Page<T> {

    private final List<T> data;
    private final boolean hasMore;
    private final String nextCursor;
    private final Function<String, Page<T>> nextPage;

    /**
     * @param nextPage fetches the page that starts after a cursor (the SDK's services provide it)
     */
    public Page(List<T> data, boolean hasMore, String nextCursor, Function<String, Page<T>> nextPage) {
        this.data = List.copyOf(data == null ? List.of() : data);
        this.hasMore = hasMore;
        this.nextCursor = nextCursor;
        this.nextPage = Objects.requireNonNull(nextPage, "nextPage");
    }

    /** The items of this page only. */
    public List<T> data() {
        return data;
    }

    /** Whether more items follow this page. */
    public boolean hasMore() {
        return hasMore;
    }

    /** Pass as {@code startingAfter} to get the next page; null on the last page. */
    public String nextCursor() {
        return nextCursor;
    }

    /** The next page (one request), or empty when this is the last. */
    public java.util.Optional<Page<T>> next() {
        return hasMore && nextCursor != null ? java.util.Optional.of(nextPage.apply(nextCursor))
                : java.util.Optional.empty();
    }

    /** Every item from this page on, fetching further pages only as the iteration reaches them. */
    public Iterable<T> autoPagingIterable() {
        return () -> new Iterator<>() {
            private Page<T> page = Page.this;
            private int index;

            @Override
            public boolean hasNext() {
                while (index >= page.data.size()) {
                    if (!page.hasMore || page.nextCursor == null) {
                        return false;
                    }
                    page = page.nextPage.apply(page.nextCursor);
                    index = 0;
                }
                return true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.data.get(index++);
            }
        };
    }

    /** {@link #autoPagingIterable()} as a sequential stream. */
    public Stream<T> autoPagingStream() {
        return StreamSupport.stream(autoPagingIterable().spliterator(), false);
    }

    @Override
    public String toString() {
        return "Page{size=" + data.size() + ", hasMore=" + hasMore + "}";
    }
}
