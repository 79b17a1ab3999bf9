package io.tokengate.gateway.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The API-key scope a merchant endpoint needs. Every handler under {@code /v1} must carry one
 * (or {@link #value()} empty for "any authenticated key"); a handler without it is refused, so a
 * forgotten annotation fails closed.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface RequireScope {
    String[] value();
}
