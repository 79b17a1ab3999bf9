package io.tokengate.gateway.idempotency;

import io.tokengate.gateway.web.ApiException;
import io.tokengate.gateway.web.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.http.ResponseEntity;

/**
 * A request that carries an {@code Idempotency-Key}: the merchant, the key and the hash of the
 * request (method, path, canonical body), plus who records its outcome.
 *
 * <p>Until {@link #recordedByService()} is called, an error response (4xx) of this request is
 * stored by the gateway after the response is written, in a transaction of its own (the request's
 * transaction rolled back); a 5xx is never stored, so a retry with the same key runs again. Once
 * the service has committed its claim, the service (or the recovery job) owns the outcome.
 */
public final class IdempotentRequest {

    /** The request header. */
    public static final String HEADER = "Idempotency-Key";
    static final String ATTRIBUTE = IdempotentRequest.class.getName();
    private static final int MAX_LENGTH = 255;

    private final String merchantId;
    private final String key;
    private final byte[] requestHash;
    private volatile boolean recordedByService;

    private IdempotentRequest(String merchantId, String key, byte[] requestHash) {
        this.merchantId = merchantId;
        this.key = key;
        this.requestHash = requestHash;
    }

    /**
     * Reads and validates the header; returns {@code null} when the request has none (then there
     * is no deduplication).
     *
     * @param canonicalBody the parsed body serialized again, so formatting differences do not count
     * @throws ApiException {@code idempotency_key_invalid} unless the key is 1 to 255 printable ASCII characters
     */
    public static IdempotentRequest open(HttpServletRequest request, String merchantId, byte[] canonicalBody) {
        String key = request.getHeader(HEADER);
        if (key == null) {
            return null;
        }
        validate(key);
        IdempotentRequest idempotent = new IdempotentRequest(merchantId, key,
                hash(request.getMethod(), request.getRequestURI(), canonicalBody));
        request.setAttribute(ATTRIBUTE, idempotent);
        return idempotent;
    }

    /** For callers outside a request (tests, jobs): the same hashing without the servlet. */
    public static IdempotentRequest of(String merchantId, String key, String method, String path, byte[] body) {
        validate(key);
        return new IdempotentRequest(merchantId, key, hash(method, path, body));
    }

    static void validate(String key) {
        if (key.isEmpty() || key.length() > MAX_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_INVALID,
                    "The Idempotency-Key header must be 1 to 255 printable ASCII characters, e.g. a UUID.",
                    HEADER);
        }
    }

    public String merchantId() {
        return merchantId;
    }

    public String key() {
        return key;
    }

    public byte[] requestHash() {
        return requestHash.clone();
    }

    /** The service committed its claim: its outcome transaction or the recovery job records the response. */
    public void recordedByService() {
        recordedByService = true;
    }

    boolean errorsCapturedByGateway() {
        return !recordedByService;
    }

    /**
     * The answer to a claim that did not go to this request: a replay of the first response, or
     * the 409/422 problem (which is never stored under the key).
     */
    public ResponseEntity<byte[]> answer(Claim claim) {
        recordedByService = true;
        return switch (claim) {
            case Claim.Replay replay -> replay.response().toReplay();
            case Claim.InProgress p -> throw new ApiException(ErrorCode.IDEMPOTENCY_IN_PROGRESS,
                    "A request with this Idempotency-Key is still being processed; retry in a moment.", HEADER);
            case Claim.Mismatch m -> throw new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was already used with a different request; use a new key for a new "
                            + "request.", HEADER);
            case Claim.Claimed c -> throw new IllegalStateException("a claimed request has no stored answer");
        };
    }

    private static byte[] hash(String method, String path, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(method.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '\n');
            sha.update(path.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(body);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
