package io.tokengate.gateway.merchant;

import io.tokengate.gateway.web.Rows;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AclRepository {

    private final JdbcClient jdbc;

    AclRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertDefault(String merchantId) {
        jdbc.sql("INSERT INTO merchant_acls (merchant_id) VALUES (?)").param(merchantId).update();
    }

    Optional<Acl> find(String merchantId) {
        Optional<Acl> acl = jdbc.sql("SELECT merchant_id, allowed_cidrs::text[] AS cidrs, merchant_initiated_allowed, "
                        + "updated_at FROM merchant_acls WHERE merchant_id = ?")
                .param(merchantId)
                .query((rs, i) -> new Acl(rs.getString("merchant_id"), Rows.strings(rs, "cidrs"),
                        rs.getBoolean("merchant_initiated_allowed"), List.of(), Rows.instant(rs, "updated_at")))
                .optional();
        return acl.map(a -> new Acl(a.merchantId(), a.allowedCidrs(), a.merchantInitiatedAllowed(),
                limits(merchantId), a.updatedAt()));
    }

    private List<Acl.CurrencyLimit> limits(String merchantId) {
        return jdbc.sql("SELECT currency, per_charge_max, daily_max FROM merchant_currency_limits "
                        + "WHERE merchant_id = ? ORDER BY currency")
                .param(merchantId)
                .query((rs, i) -> new Acl.CurrencyLimit(rs.getString("currency"),
                        Rows.nullableLong(rs, "per_charge_max"), Rows.nullableLong(rs, "daily_max")))
                .list();
    }

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
