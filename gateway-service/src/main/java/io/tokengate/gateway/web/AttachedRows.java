package io.tokengate.gateway.web;

import java.util.List;

/**
 * The counterpart of {@link AttachedWrite} for a set-based host statement (a {@link GroupCommit}'s,
 * which changes many rows at once): per-row writes, bound as arrays, each written only if the host
 * statement changed the row of its item. The rows are the ones {@link AttachedWrite} would write,
 * item by item, and commit or roll back with the host statement.
 *
 * <p>{@link #ctes} renders the CTEs, named with {@code prefix}; they join the host's CTE
 * {@code result} on {@code result.<keyColumn>} = the item's key. {@link #params} are their
 * parameters, in the order they appear.
 */
public interface AttachedRows {

    String ctes(String prefix, String result, String keyColumn);

    List<Object> params();

    /**
     * The host statement {@code WITH <head>, <attached...> SELECT * FROM <result>}: {@code head} are
     * the host's own CTEs (their parameters already in {@code params}), {@code result} names the one
     * whose rows the statement returns, keyed by {@code keyColumn}.
     */
    static String compose(String head, String result, String keyColumn, List<AttachedRows> attached,
                          List<Object> params) {
        StringBuilder sql = new StringBuilder("WITH ").append(head);
        for (int i = 0; i < attached.size(); i++) {
            sql.append(",\n").append(attached.get(i).ctes("attached" + (i + 1) + "_", result, keyColumn));
            params.addAll(attached.get(i).params());
        }
        return sql.append("\nSELECT * FROM ").append(result).toString();
    }
}
