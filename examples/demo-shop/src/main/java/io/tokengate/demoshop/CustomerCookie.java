package io.tokengate.demoshop;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.RequestScope;

/**
 * Who the shopper is, for a demo without accounts: a random id in a cookie. SameSite=Lax keeps it
 * off cross-site POSTs, so another site cannot make a visitor's browser "pay again" or refund.
 */
@Component
@RequestScope
class CustomerCookie {

    static final String NAME = "shop_customer";

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private String id;

    CustomerCookie(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
    }

    /** The visitor's customer id, set on first visit. */
    String current() {
        if (id == null) {
            id = Arrays.stream(request.getCookies() == null ? new Cookie[0] : request.getCookies())
                    .filter(c -> NAME.equals(c.getName()) && c.getValue().matches("[0-9a-f-]{36}"))
                    .map(Cookie::getValue).findFirst().orElseGet(this::issue);
        }
        return id;
    }

    private String issue() {
        String fresh = UUID.randomUUID().toString();
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(NAME, fresh).path("/").httpOnly(true)
                .sameSite("Lax").maxAge(Duration.ofDays(30)).build().toString());
        return fresh;
    }
}
