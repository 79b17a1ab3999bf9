package io.tokengate.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place where failures become problem+json. Callers get a stable code and a detail that
 * tells them how to fix the request; the cause goes to the server log only, under the request id.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final Problems problems;
    private final List<ErrorPages> pages;

    ApiExceptionHandler(Problems problems, List<ErrorPages> pages) {
        this.problems = problems;
        this.pages = pages;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> api(ApiException e, HttpServletRequest request) {
        return problems.entity(e, request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof BodyTooLargeException) {
            return problems.entity(ErrorCode.BODY_TOO_LARGE, null, null, Map.of(), request);
        }
        ApiException strict = StrictJsonBodyAdvice.refusal(e);
        if (strict != null) {
            return problems.entity(strict, request);
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String path = JsonPaths.of(unknown);
            return problems.entity(ErrorCode.UNKNOWN_FIELD,
                    "The field '" + path + "' is not accepted by this endpoint.", path, Map.of(), request);
        }
        if (cause instanceof DatabindException mapping && !mapping.getPath().isEmpty()) {
            String path = JsonPaths.of(mapping);
            return problems.entity(ErrorCode.PARAMETER_INVALID,
                    "The field '" + path + "' has a value of the wrong type or format.", path, Map.of(), request);
        }
        if (cause instanceof JacksonException) {
            return problems.entity(ErrorCode.MALFORMED_JSON, "The request body is not valid JSON.", null, Map.of(), request);
        }
        return problems.entity(ErrorCode.MALFORMED_JSON, "The request body is missing or not valid JSON.", null,
                Map.of(), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (page(request, response, ErrorCode.UNSUPPORTED_MEDIA_TYPE)) {
            return null;
        }
        return problems.entity(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "Send the body as application/json.", null, Map.of(), request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Map<String, Object>> notAcceptable(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (page(request, response, ErrorCode.NOT_ACCEPTABLE)) {
            return null;
        }
        return problems.entity(ErrorCode.NOT_ACCEPTABLE, null, null, Map.of(), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request,
                                               HttpServletResponse response) throws IOException {
        if (page(request, response, ErrorCode.METHOD_NOT_ALLOWED)) {
            return null;
        }
        return problems.entity(ErrorCode.METHOD_NOT_ALLOWED,
                "The method " + e.getMethod() + " is not allowed on this path.", null, Map.of(), request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> noResource(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (page(request, response, ErrorCode.NOT_FOUND)) {
            return null;
        }
        return problems.entity(ErrorCode.NOT_FOUND, "No such endpoint.", null, Map.of(), request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<Map<String, Object>> missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return problems.entity(ErrorCode.PARAMETER_MISSING, "The header '" + e.getHeaderName() + "' is required.",
                e.getHeaderName(), Map.of(), request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missingParam(MissingServletRequestParameterException e,
                                                     HttpServletRequest request) {
        return problems.entity(ErrorCode.PARAMETER_MISSING, "The parameter '" + e.getParameterName() + "' is required.",
                e.getParameterName(), Map.of(), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> typeMismatch(MethodArgumentTypeMismatchException e,
                                                     HttpServletRequest request) {
        return problems.entity(ErrorCode.PARAMETER_INVALID, "The parameter '" + e.getName() + "' has an invalid value.",
                e.getName(), Map.of(), request);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Map<String, Object>> denied(HttpServletRequest request) {
        return problems.entity(ErrorCode.FORBIDDEN, null, null, Map.of(), request);
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class,
            DataAccessResourceFailureException.class, QueryTimeoutException.class, TransientDataAccessException.class})
    ResponseEntity<Map<String, Object>> databaseDown(Exception e, HttpServletRequest request) {
        log.warn("database unavailable: {}", e.toString());
        return problems.entity(ErrorCode.SERVICE_UNAVAILABLE, null, null, Map.of(), request);
    }

    /**
     * Renders the HTML page of the feature that owns the path (the hosted checkout), for failures
     * raised before any of its handlers was chosen (a method or media type no page takes).
     */
    private boolean page(HttpServletRequest request, HttpServletResponse response, ErrorCode code) throws IOException {
        for (ErrorPages feature : pages) {
            if (feature.handles(request.getRequestURI())) {
                feature.render(request, response, code.status().value());
                return true;
            }
        }
        return false;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e, HttpServletRequest request) {
        // A commit that failed on a cut connection (TransactionSystemException), or a database
        // failure wrapped by other code, is still the database being away: retryable, not a bug.
        if (DatabaseUnavailable.causedBy(e)) {
            return databaseDown(e, request);
        }
        log.error("unhandled error on {}", Routes.of(request), e);
        return problems.entity(ErrorCode.INTERNAL_ERROR, null, null, Map.of(), request);
    }
}
