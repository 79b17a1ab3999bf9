package io.tokengate.sdk.exception;

/**
 * Root of every exception the SDK throws for a failed call: catch it to handle them all, or a
 * subclass for one kind. Carries what the gateway said: the stable {@link #getCode() code}, the
 * {@link #getParam() param} at fault, the HTTP {@link #getStatusCode() status} and the
 * {@link #getRequestId() request id} to quote to support. The message says how to fix the problem
 * and never contains the secret key, a token value or card data.
 *
 * <p>Unchecked, so code that cannot do anything useful about a failure need not declare it.
 */
public class TokenGateException extends RuntimeException {

    private final Problem problem;

    protected TokenGateException(String message, Problem problem, Throwable cause) {
        super(message, cause);
        this.problem = problem == null ? Problem.ofStatus(0, null) : problem;
    }

    /** The error document as received (all fields may be null). */
    public Problem getProblem() {
        return problem;
    }

    /** The stable error code, e.g. {@code amount_invalid}; null when the gateway gave none. */
    public String getCode() {
        return problem.code();
    }

    /** The request field at fault, e.g. {@code amount}; null when none. */
    public String getParam() {
        return problem.param();
    }

    /** The HTTP status; 0 when no answer was received. */
    public int getStatusCode() {
        return problem.status() == null ? 0 : problem.status();
    }

    /** The gateway's request id (also its {@code Request-Id} header); null when no answer was received. */
    public String getRequestId() {
        return problem.requestId();
    }
}
