package io.tokengate.gateway.checkout;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The shopper-facing chain for {@code /checkout/**} (pages and their style sheet): open to
 * anyone, CSRF on, no HTTP session. The CSRF token lives in a cookie (double submit, masked in
 * the form), so any gateway instance can check a post whichever instance rendered the form; all
 * other checkout state is in PostgreSQL. Ordered between the merchant API (3) and the fallback
 * that refuses everything else (100).
 */
@Configuration(proxyBeanMethods = false)
class CheckoutSecurityConfiguration {

    static final String CSRF_COOKIE = "tg_checkout_csrf";
    static final String CSRF_PARAMETER = "_csrf";

    @Bean
    @Order(10)
    SecurityFilterChain checkoutChain(HttpSecurity http, CheckoutPages pages) throws Exception {
        CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
        csrfTokens.setCookieName(CSRF_COOKIE);
        csrfTokens.setParameterName(CSRF_PARAMETER);
        csrfTokens.setCookiePath("/checkout");
        // Strict: the form posts from our own page; no other site's post may carry the cookie.
        csrfTokens.setCookieCustomizer(cookie -> cookie.httpOnly(true).sameSite("Strict"));
        http.securityMatcher("/checkout/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens))
                .exceptionHandling(e -> e.accessDeniedHandler(pages::csrfRefused))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(h -> h
                        .cacheControl(c -> c.disable())
                        .frameOptions(f -> f.deny())
                        .contentTypeOptions(c -> { })
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
                        .addHeaderWriter(new CheckoutHeaders()));
        return http.build();
    }
}
