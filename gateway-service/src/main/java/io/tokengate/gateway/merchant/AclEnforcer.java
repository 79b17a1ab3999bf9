package io.tokengate.gateway.merchant;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Enforces a merchant's ACL for a charge, server side, before any card is decrypted: the currency
 * must be allowed, the amount within the per-charge cap, the channel permitted, and the day's total
 * within the daily cap. The network rule is enforced at authentication, on every request.
 *
 * <p>Daily caps are counted on striped rows (see {@link AclRepository#reserveDaily}); two charges
 * committing at the same instant each see the other only once committed, so concurrent charges can
 * pass the cap by at most the amounts in flight at that moment. Days are UTC days.
 *
 * <p>The ACL is read on every charge, so each instance keeps the last version it read per merchant
 * and uses it when authentication saw that same version (the key lookup reads the ACL row's version
 * anyway): one query fewer per charge, and a charge is never checked against an ACL older than the
 * one in force when its key was authenticated, a few milliseconds earlier.
 */
@Component
public class AclEnforcer {

    public static final String RULE_NETWORK = "source_network";
    public static final String RULE_CURRENCY = "currency";
    public static final String RULE_PER_CHARGE = "per_charge_max";
    public static final String RULE_DAILY = "daily_max";
    public static final String RULE_MERCHANT_INITIATED = "merchant_initiated";

    private static final int STRIPES = 16;

    private final AclRepository repository;
    private final Clock clock;
    private final Map<String, AclRepository.Versioned> lastRead = new ConcurrentHashMap<>();

    AclEnforcer(AclRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** A daily-cap reservation to hand back when the charge does not go through. */
    public record Reservation(String merchantId, String currency, LocalDate day, int stripe, long amount) {
    }

    /**
     * Checks the charge against the ACL and reserves it against the daily cap, in the caller's
     * transaction (so a rollback also undoes the reservation).
     *
     * @param aclVersion the ACL version authentication saw, or {@code null} to read the ACL afresh
     * @return the reservation, or {@code null} when the currency has no daily cap
     * @throws AclDeniedException naming the rule that refused
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Reservation authorizeCharge(String merchantId, String aclVersion, String currency, long amount,
                                       boolean merchantInitiated) {
        Acl.CurrencyLimit limit = check(merchantId, aclVersion, currency, amount, merchantInitiated);
        if (limit.dailyMax() == null) {
            return null;
        }
        LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        int stripe = ThreadLocalRandom.current().nextInt(STRIPES);
        long total = repository.reserveDaily(merchantId, currency, day, stripe, amount);
        if (total > limit.dailyMax()) {
            throw new AclDeniedException(merchantId, RULE_DAILY,
                    "The charge would pass today's cap of " + limit.dailyMax() + " " + currency + ".", "amount");
        }
        return new Reservation(merchantId, currency, day, stripe, amount);
    }

    /**
     * The checks of {@link #authorizeCharge} that write nothing, needing no transaction.
     *
     * @return whether a daily cap applies, which only {@link #authorizeCharge} can reserve
     * @throws AclDeniedException naming the rule that refused
     */
    public boolean checkChargeHasDailyCap(String merchantId, String aclVersion, String currency, long amount,
                                          boolean merchantInitiated) {
        return check(merchantId, aclVersion, currency, amount, merchantInitiated).dailyMax() != null;
    }

    private Acl.CurrencyLimit check(String merchantId, String aclVersion, String currency, long amount,
                                    boolean merchantInitiated) {
        Acl acl = acl(merchantId, aclVersion).orElseThrow(() -> new AclDeniedException(merchantId, RULE_CURRENCY,
                "The merchant has no access-control list.", "currency"));
        if (merchantInitiated && !acl.merchantInitiatedAllowed()) {
            throw new AclDeniedException(merchantId, RULE_MERCHANT_INITIATED,
                    "Merchant-initiated charges are not allowed for this merchant.", "channel");
        }
        Acl.CurrencyLimit limit = acl.limitFor(currency).orElseThrow(() -> new AclDeniedException(merchantId,
                RULE_CURRENCY, "The currency " + currency + " is not allowed for this merchant.", "currency"));
        if (limit.perChargeMax() != null && amount > limit.perChargeMax()) {
            throw new AclDeniedException(merchantId, RULE_PER_CHARGE,
                    "The amount exceeds the per-charge cap of " + limit.perChargeMax() + " " + currency + ".", "amount");
        }
        return limit;
    }

    private Optional<Acl> acl(String merchantId, String aclVersion) {
        AclRepository.Versioned known = lastRead.get(merchantId);
        if (aclVersion != null && known != null && aclVersion.equals(known.version())) {
            return Optional.of(known.acl());
        }
        Optional<AclRepository.Versioned> read = repository.findVersioned(merchantId);
        read.ifPresent(v -> lastRead.put(merchantId, v));
        return read.map(AclRepository.Versioned::acl);
    }

    /** Gives a reservation back (declined or failed charge), in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void release(Reservation reservation) {
        if (reservation != null) {
            repository.releaseDaily(reservation.merchantId(), reservation.currency(), reservation.day(),
                    reservation.stripe(), reservation.amount());
        }
    }
}
