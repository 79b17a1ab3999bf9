package io.tokengate.gateway.security;

import io.tokengate.gateway.audit.Actor;
import io.tokengate.gateway.web.ClientAddress;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Resolves the audit {@link Actor} of the current request from its authentication. */
public final class Actors {

    private Actors() {
    }

    public static Actor current(HttpServletRequest request) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        String ip = ClientAddress.of(request);
        if (auth != null && auth.getPrincipal() instanceof MerchantPrincipal merchant) {
            return Actor.merchantKey(merchant.keyId(), ip);
        }
        if (auth != null && auth.isAuthenticated() && auth.getName() != null) {
            return Actor.ops(auth.getName(), ip);
        }
        return new Actor("system", "anonymous", ip);
    }

    /** The ops user of the current request; only call under {@code /ops}. */
    public static String opsUser() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || auth.getPrincipal() instanceof MerchantPrincipal) {
            throw new IllegalStateException("not an ops request");
        }
        return auth.getName();
    }
}
