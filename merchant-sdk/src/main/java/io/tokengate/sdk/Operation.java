package io.tokengate.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the operation of {@code api-spec/openapi.yaml} ({@code operationId}) that an SDK method
 * calls. The SDK's tests read the spec and fail when an operation under {@code /v1} has no method
 * carrying its id, so the mapping lives next to the code and cannot fall behind the contract.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Operation {

    /** The {@code operationId} in the OpenAPI document, e.g. {@code createCharge}. */
    String value();
}
