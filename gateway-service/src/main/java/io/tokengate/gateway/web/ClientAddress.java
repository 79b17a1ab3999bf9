package io.tokengate.gateway.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client's network address as the gateway trusts it: the socket peer. Behind a reverse proxy
 * set {@code server.forward-headers-strategy=native} so the container rewrites it from trusted
 * forwarding headers; a raw {@code X-Forwarded-For} is never believed here, or any client could
 * pick the address the ACL sees.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServletRequest request) {
        return request.getRemoteAddr();
    }
}
