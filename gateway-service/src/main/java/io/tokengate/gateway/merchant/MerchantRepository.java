package io.tokengate.gateway.merchant;

import io.tokengate.gateway.web.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class MerchantRepository {

    private static final String COLUMNS = "id, name, status, return_origins, created_at, updated_at";

    private final JdbcClient jdbc;

    MerchantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String id, String name, List<String> returnOrigins) {
        jdbc.sql("INSERT INTO merchants (id, name, return_origins) VALUES (?, ?, ?)")
                .params(id, name, returnOrigins.toArray(String[]::new))
                .update();
    }

    Optional<Merchant> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM merchants WHERE id = ?").param(id).query(MerchantRepository::map)
                .optional();
    }

    Optional<Merchant> findForUpdate(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM merchants WHERE id = ? FOR UPDATE").param(id)
                .query(MerchantRepository::map).optional();
    }

    /** Newest first; {@code after} is the id of the last merchant of the previous page. */
    List<Merchant> page(String after, int limitPlusOne) {
        if (after == null) {
            return jdbc.sql("SELECT " + COLUMNS + " FROM merchants ORDER BY created_at DESC, id DESC LIMIT ?")
                    .param(limitPlusOne).query(MerchantRepository::map).list();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM merchants WHERE (created_at, id) < "
                        + "(SELECT created_at, id FROM merchants WHERE id = ?) ORDER BY created_at DESC, id DESC LIMIT ?")
                .params(after, limitPlusOne).query(MerchantRepository::map).list();
    }

    void setStatus(String id, String status) {
        jdbc.sql("UPDATE merchants SET status = ?, updated_at = now() WHERE id = ?").params(status, id).update();
    }

    private static Merchant map(ResultSet rs, int row) throws SQLException {
        return new Merchant(rs.getString("id"), rs.getString("name"), rs.getString("status"),
                Rows.strings(rs, "return_origins"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
