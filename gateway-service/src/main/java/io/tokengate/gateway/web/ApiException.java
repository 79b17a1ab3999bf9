package io.tokengate.gateway.web;

import java.util.Map;
import java.util.Objects;

/**
 * A failure the caller caused or can act on: rendered as problem+json with its {@link ErrorCode}.
 * The detail is shown to the caller, so it must never carry card data, secrets or internals.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final String param;
    private final transient Map<String, Object> extensions;

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, null, Map.of());
    }

    public ApiException(ErrorCode code, String detail, String param) {
        this(code, detail, param, Map.of());
    }

    public ApiException(ErrorCode code, String detail, String param, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.code = Objects.requireNonNull(code);
        this.param = param;
        this.extensions = Map.copyOf(extensions);
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, "No such " + what + ".");
    }

    public static ApiException invalid(String param, String detail) {
        return new ApiException(ErrorCode.PARAMETER_INVALID, detail, param);
    }

    public static ApiException missing(String param) {
        return new ApiException(ErrorCode.PARAMETER_MISSING, "The parameter '" + param + "' is required.", param);
    }

    public ErrorCode code() {
        return code;
    }

    public String param() {
        return param;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
