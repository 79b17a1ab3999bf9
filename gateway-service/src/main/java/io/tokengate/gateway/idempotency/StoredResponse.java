package io.tokengate.gateway.idempotency;

import java.util.Arrays;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A response exactly as it was sent: status, content type and body bytes. Build the bytes once,
 * send them and store them, so a replay cannot differ from the original by a serializer setting.
 */
public record StoredResponse(int status, String contentType, byte[] body) {

    /** Marks a response that was replayed from an earlier request with the same key. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    public StoredResponse {
        Objects.requireNonNull(contentType, "contentType");
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The response to send for the original request. */
    public ResponseEntity<byte[]> toResponse() {
        return builder().body(body.clone());
    }

    /** The response to send for a replay: the original plus {@code Idempotent-Replayed: true}. */
    public ResponseEntity<byte[]> toReplay() {
        return builder().header(REPLAYED_HEADER, "true").body(body.clone());
    }

    private ResponseEntity.BodyBuilder builder() {
        return ResponseEntity.status(status).contentType(MediaType.parseMediaType(contentType))
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredResponse that && status == that.status && contentType.equals(that.contentType)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, contentType, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "StoredResponse[status=" + status + ", contentType=" + contentType + ", " + body.length + " bytes]";
    }
}
