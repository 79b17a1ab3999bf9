package io.tokengate.gateway.security;

import io.tokengate.gateway.audit.AuditLog;
import io.tokengate.gateway.merchant.ApiKeys;
import io.tokengate.gateway.web.ErrorCode;
import io.tokengate.gateway.web.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * One filter chain per audience: ops ({@code /ops}, HTTP Basic against ops users, admin acts and
 * auditor reads), merchants ({@code /v1}, bearer secret), actuator (health and metrics only).
 * Everything else is refused unless a feature opens it.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration implements WebMvcConfigurer {

    private final GuessThrottle guessThrottle;
    private final Problems problems;

    SecurityConfiguration(GuessThrottle guessThrottle, Problems problems) {
        this.guessThrottle = guessThrottle;
        this.problems = problems;
    }

    static final String ADMIN = "ADMIN";
    static final String AUDITOR = "AUDITOR";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * No observations of the filter chains, authentications or authorizations: switching them off by
     * property still wrapped every filter of every request in a no-op observation (about 5 % of the
     * gateway's CPU per charge in the charge benchmark's profile); HTTP request metrics stay.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @Order(1)
    SecurityFilterChain actuatorChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/prometheus",
                                "/actuator/info").permitAll()
                        .anyRequest().denyAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain opsChain(HttpSecurity http, Problems problems, AuthThrottle throttle) throws Exception {
        ProblemAuthenticationHandlers handlers = new ProblemAuthenticationHandlers(problems, throttle);
        http.securityMatcher("/ops/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.GET, "/ops/**").hasAnyRole(ADMIN, AUDITOR)
                        .anyRequest().hasRole(ADMIN))
                .httpBasic(basic -> basic.authenticationEntryPoint(handlers))
                .exceptionHandling(e -> e.authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
                .addFilterBefore(new ThrottleFilter(throttle, problems), BasicAuthenticationFilter.class)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain merchantChain(HttpSecurity http, ApiKeys keys, AuthThrottle throttle, AuditLog audit,
                                      Problems problems) throws Exception {
        http.securityMatcher("/v1/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                .addFilterBefore(new MerchantAuthenticationFilter(keys, throttle, audit, problems),
                        AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> problems.write(response, request,
                                ErrorCode.AUTHENTICATION_REQUIRED, "Send 'Authorization: Bearer <secret>'."))
                        .accessDeniedHandler((request, response, ex) -> problems.write(response, request,
                                ErrorCode.FORBIDDEN, null)))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(100)
    SecurityFilterChain fallbackChain(HttpSecurity http, Problems problems) throws Exception {
        http.authorizeHttpRequests(auth -> auth.requestMatchers("/error").permitAll().anyRequest().denyAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> problems.write(response, request,
                                ErrorCode.NOT_FOUND, "No such endpoint."))
                        .accessDeniedHandler((request, response, ex) -> problems.write(response, request,
                                ErrorCode.NOT_FOUND, "No such endpoint.")))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ScopeInterceptor()).addPathPatterns("/v1/**");
        registry.addInterceptor(new GuessThrottleInterceptor(guessThrottle, problems)).addPathPatterns("/v1/**");
    }
}
