package io.tokengate.gateway.web;

import java.util.ArrayList;
import java.util.List;

/**
 * A write that rides along in another statement as data-modifying CTEs, and happens only if that
 * statement changed its row: an audit row or a webhook event that belongs to the change. One
 * statement instead of two or three saves the round trips on the charge hot path; the rows are the
 * same and commit or roll back with the change exactly as before.
 *
 * <p>{@link #ctes} renders the CTEs (PostgreSQL allows data-modifying statements only at the top
 * level of {@code WITH}, so they cannot nest): their names start with {@code prefix}, unique in the
 * host statement, and each row-producing one carries {@code guard}, a condition on the host's own
 * CTE. {@link #params} are the parameters of those CTEs, in the order they appear.
 */
public interface AttachedWrite {

    String ctes(String prefix, String guard);

    List<Object> params();

    /**
     * The host statement {@code WITH <head>, <attached...> SELECT * FROM <result>}: {@code head} are
     * the host's own CTEs (with their parameters first), {@code result} names the one whose rows
     * the statement returns and whose existence guards the attached writes.
     */
    static String compose(String head, String result, List<AttachedWrite> attached, List<Object> params) {
        StringBuilder sql = new StringBuilder("WITH ").append(head);
        String guard = "EXISTS (SELECT 1 FROM " + result + ")";
        for (int i = 0; i < attached.size(); i++) {
            sql.append(",\n").append(attached.get(i).ctes("attached" + (i + 1) + "_", guard));
            params.addAll(attached.get(i).params());
        }
        return sql.append("\nSELECT * FROM ").append(result).toString();
    }

    /** A parameter list that takes nulls (List.of does not). */
    static List<Object> params(Object... values) {
        List<Object> list = new ArrayList<>(values.length);
        for (Object v : values) {
            list.add(v);
        }
        return list;
    }
}
