package io.tokengate.gateway.merchant;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.audit.AuditEntry;
import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.Money;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads and replaces a merchant's ACL (ops only). */
@Service
public class Acls {

    private static final int MAX_CIDRS = 100;

    private final AclRepository repository;
    private final MerchantRepository merchants;
    private final AuditLog audit;

    Acls(AclRepository repository, MerchantRepository merchants, AuditLog audit) {
        this.repository = repository;
        this.merchants = merchants;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public Acl get(String merchantId) {
        return repository.find(merchantId).orElseThrow(() -> ApiException.notFound("merchant"));
    }

    @Transactional
    public Acl replace(String merchantId, List<String> cidrs, Boolean merchantInitiatedAllowed,
                       List<Acl.CurrencyLimit> currencies, Actor actor) {
        merchants.findForUpdate(merchantId).orElseThrow(() -> ApiException.notFound("merchant"));
        List<String> networks = validateCidrs(cidrs == null ? List.of() : cidrs);
        List<Acl.CurrencyLimit> limits = validateLimits(currencies == null ? List.of() : currencies);
        boolean mit = Boolean.TRUE.equals(merchantInitiatedAllowed);
        repository.replace(merchantId, networks, mit, limits);
        audit.append(AuditEntry.of(actor, "acl.updated").merchant(merchantId).subject("merchant", merchantId)
                .detail("allowed_cidrs", networks).detail("merchant_initiated_allowed", mit)
                .detail("currencies", limits.stream().map(Acl.CurrencyLimit::currency).toList()).build());
        return repository.find(merchantId).orElseThrow();
    }

    private static List<String> validateCidrs(List<String> cidrs) {
        if (cidrs.size() > MAX_CIDRS) {
            throw ApiException.invalid("allowed_cidrs", "At most " + MAX_CIDRS + " networks are allowed.");
        }
        List<String> out = new ArrayList<>();
        for (String cidr : cidrs) {
            if (cidr == null || !cidr.matches("[0-9A-Fa-f:.]+(/[0-9]{1,3})?")) {
                throw ApiException.invalid("allowed_cidrs", "Each network must be CIDR notation, e.g. 203.0.113.0/24.");
            }
            try {
                new IpAddressMatcher(cidr);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("allowed_cidrs", "Each network must be CIDR notation, e.g. 203.0.113.0/24.");
            }
            out.add(cidr);
        }
        return out;
    }

    private static List<Acl.CurrencyLimit> validateLimits(List<Acl.CurrencyLimit> limits) {
        Set<String> seen = new HashSet<>();
        List<Acl.CurrencyLimit> out = new ArrayList<>();
        for (Acl.CurrencyLimit limit : limits) {
            if (limit == null) {
                throw ApiException.missing("currencies");
            }
            String currency = Money.currency(limit.currency(), "currencies.currency");
            if (!seen.add(currency)) {
                throw ApiException.invalid("currencies", "The currency " + currency + " is listed twice.");
            }
            if (limit.perChargeMax() != null) {
                Money.amount(limit.perChargeMax(), "currencies.per_charge_max");
            }
            if (limit.dailyMax() != null) {
                Money.amount(limit.dailyMax(), "currencies.daily_max");
            }
            out.add(new Acl.CurrencyLimit(currency, limit.perChargeMax(), limit.dailyMax()));
        }
        return out;
    }
}
