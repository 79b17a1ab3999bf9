package io.tokengate.gateway.merchant;

import io.tokengate.gateway.web.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Repository
class AclRepository {

    private final JdbcClient jdbc;

    AclRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertDefault(String merchantId) {
        jdbc.sql("INSERT INTO merchant_acls (merchant_id) VALUES (?)").param(merchantId).update();
    }

    /**
     * An ACL and the version of its {@code merchant_acls} row it was read at: the row's {@code xmin},
     * which every {@link #replace} changes (it updates that row in the same transaction as the limits).
     */
    record Versioned(Acl acl, String version) {
    }

    Optional<Acl> find(String merchantId) {
        return findVersioned(merchantId).map(Versioned::acl);
    }

    /** The ACL with its currency limits in one round trip. */
    Optional<Versioned> findVersioned(String merchantId) {
        return jdbc.sql("""
                        SELECT a.merchant_id, a.allowed_cidrs::text[] AS cidrs, a.merchant_initiated_allowed, a.updated_at,
                               a.xmin::text AS version,
                               array_remove(array_agg(l.currency ORDER BY l.currency), NULL)::text[] AS currencies,
                               array_agg(l.per_charge_max ORDER BY l.currency) AS per_charge,
                               array_agg(l.daily_max ORDER BY l.currency) AS daily
                          FROM merchant_acls a
                          LEFT JOIN merchant_currency_limits l ON l.merchant_id = a.merchant_id
                         WHERE a.merchant_id = ?
                         GROUP BY a.merchant_id, a.xmin::text""")
                .param(merchantId)
                .query((rs, i) -> new Versioned(new Acl(rs.getString("merchant_id"), Rows.strings(rs, "cidrs"),
                        rs.getBoolean("merchant_initiated_allowed"), limits(rs), Rows.instant(rs, "updated_at")),
                        rs.getString("version")))
                .optional();
    }

    private static List<Acl.CurrencyLimit> limits(ResultSet rs) throws SQLException {
        List<String> currencies = Rows.strings(rs, "currencies");
        Object[] perCharge = (Object[]) rs.getArray("per_charge").getArray();
        Object[] daily = (Object[]) rs.getArray("daily").getArray();
        List<Acl.CurrencyLimit> out = new ArrayList<>(currencies.size());
        for (int i = 0; i < currencies.size(); i++) {
            out.add(new Acl.CurrencyLimit(currencies.get(i).trim(), (Long) perCharge[i], (Long) daily[i]));
        }
        return out;
    }

    /**
     * Mandatory transaction: the ACL row's new version (see {@link Versioned}) must not become visible
     * before the limits it stands for, or an instance could keep a half-written ACL under it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void replace(String merchantId, List<String> cidrs, boolean merchantInitiatedAllowed,
                 List<Acl.CurrencyLimit> limits) {
        jdbc.sql("UPDATE merchant_acls SET allowed_cidrs = ?::cidr[], merchant_initiated_allowed = ?, "
                        + "updated_at = now() WHERE merchant_id = ?")
                .params(cidrs.toArray(String[]::new), merchantInitiatedAllowed, merchantId).update();
        jdbc.sql("DELETE FROM merchant_currency_limits WHERE merchant_id = ?").param(merchantId).update();
        for (Acl.CurrencyLimit limit : limits) {
            jdbc.sql("INSERT INTO merchant_currency_limits (merchant_id, currency, per_charge_max, daily_max) "
                            + "VALUES (?, ?, ?, ?)")
                    .params(merchantId, limit.currency(), limit.perChargeMax(), limit.dailyMax()).update();
        }
    }

    /**
     * Adds {@code amount} to one stripe of today's usage and returns the day's total including it.
     * Striping spreads concurrent charges over rows, so they do not queue on one row lock.
     */
    long reserveDaily(String merchantId, String currency, LocalDate day, int stripe, long amount) {
        jdbc.sql("INSERT INTO merchant_daily_usage (merchant_id, currency, day, stripe, amount) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (merchant_id, currency, day, stripe) "
                        + "DO UPDATE SET amount = merchant_daily_usage.amount + EXCLUDED.amount")
                .params(merchantId, currency, day, stripe, amount).update();
        return jdbc.sql("SELECT coalesce(sum(amount), 0) FROM merchant_daily_usage "
                        + "WHERE merchant_id = ? AND currency = ? AND day = ?")
                .params(merchantId, currency, day).query(Long.class).single();
    }

    void releaseDaily(String merchantId, String currency, LocalDate day, int stripe, long amount) {
        jdbc.sql("UPDATE merchant_daily_usage SET amount = amount - ? "
                        + "WHERE merchant_id = ? AND currency = ? AND day = ? AND stripe = ?")
                .params(amount, merchantId, currency, day, stripe).update();
    }
}
