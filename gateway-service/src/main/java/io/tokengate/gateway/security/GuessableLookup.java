package io.tokengate.gateway.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a merchant endpoint that looks a value up for the caller (a token, a checkout code), so
 * answering it reveals whether a guess was right. Its {@code not_found} and
 * {@code checkout_code_invalid} answers (and a miss the handler marks with
 * {@link GuessThrottle#markMiss}) spend the key's {@link GuessThrottle} budget, and a key over its
 * budget is answered 429 before the handler runs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface GuessableLookup {

    GuessThrottle.Kind value();

    /**
     * When set, the endpoint looks a value up only when this query parameter is present (a list
     * filtered by token); without it the request is neither refused nor counted.
     */
    String onlyWithParameter() default "";
}
