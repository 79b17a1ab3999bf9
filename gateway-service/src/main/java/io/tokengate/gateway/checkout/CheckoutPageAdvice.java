package io.tokengate.gateway.checkout;

import io.tokengate.gateway.web.DatabaseUnavailable;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Failures on the hosted pages become a plain page, never problem+json or a stack trace. Scoped
 * to the page controller and ordered before the API's advice, which answers everything else.
 */
@ControllerAdvice(assignableTypes = CheckoutPageController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class CheckoutPageAdvice {

    private static final Logger log = LoggerFactory.getLogger(CheckoutPageAdvice.class);

    private final CheckoutPages pages;

    CheckoutPageAdvice(CheckoutPages pages) {
        this.pages = pages;
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class,
            DataAccessResourceFailureException.class, QueryTimeoutException.class, TransientDataAccessException.class})
    ModelAndView databaseDown(Exception e, HttpServletRequest request) {
        log.warn("checkout page {} unavailable: {}", request.getRequestURI(), e.getClass().getSimpleName());
        return pages.message(PageKind.BUSY, null);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request) {
        if (DatabaseUnavailable.causedBy(e)) {
            // A commit or rollback on a cut connection: the database is away, not a bug.
            return databaseDown(e, request);
        }
        // Exception messages in this code base never carry card data (the vault types mask themselves).
        log.error("checkout page {} {} failed", request.getMethod(), request.getRequestURI(), e);
        return pages.message(PageKind.ERROR, null);
    }
}
