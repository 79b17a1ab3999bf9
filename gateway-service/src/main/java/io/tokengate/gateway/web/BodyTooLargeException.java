package io.tokengate.gateway.web;

import java.io.IOException;

/** Thrown while reading a request body past the configured limit. */
final class BodyTooLargeException extends IOException {
    BodyTooLargeException() {
        super("request body too large", null);
    }
}
