package io.tokengate.gateway.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a JSON body as bytes before it is parsed, for what the JSON parser lets through: invalid
 * UTF-8 (Jackson decodes overlong sequences such as {@code C0 AF} without complaint) and a charset
 * other than UTF-8 (the API speaks UTF-8 only, RFC 8259). Both refuse the whole body, whatever else
 * is wrong with it. The rule on the strings of the document ({@link StrictStrings}) is applied by
 * the parse that binds the body ({@link StrictJsonConverterConfiguration}); when that parse fails
 * for another reason, {@link #refusal} still lets a broken string answer first, as it always has.
 * Bodies are at most {@code tokengate.http.max-body-bytes} ({@link BodyLimitFilter}), so reading
 * them whole is cheap.
 */
@ControllerAdvice
final class StrictJsonBodyAdvice extends RequestBodyAdviceAdapter {

    private final JsonMapper json;

    StrictJsonBodyAdvice(JsonMapper json) {
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        MediaType type = message.getHeaders().getContentType();
        if (type == null || !MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)) {
            // Not application/*+json either: the contract names application/json, nothing else.
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.", null);
        }
        Charset charset = type.getCharset();
        if (charset != null && !StandardCharsets.UTF_8.equals(charset)) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Send the body as application/json in UTF-8 (charset=utf-8 or no charset).", null);
        }
        byte[] body = message.getBody().readAllBytes();
        if (!Utf8.valid(body)) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, "The request body is not valid UTF-8.", null);
        }
        return new Buffered(message.getHeaders(), body, json);
    }

    /**
     * The answer of the string rule to a body the converter could not read, or null when the rule
     * has nothing to say. A broken string answers whenever it comes before the first thing that is
     * not JSON, even where binding stopped earlier in the document (an unknown field, a wrong type, a
     * second document), so which problem answers does not depend on the order the binder reads in.
     * Only a failed body is walked a second time.
     */
    static ApiException refusal(HttpMessageNotReadableException e) {
        if (e.getMostSpecificCause() instanceof StrictStrings.Refused refused) {
            return refused.answer();
        }
        if (e.getHttpInputMessage() instanceof Buffered body) {
            return StrictStrings.firstRefusal(body.json(), body.bytes());
        }
        return null;
    }

    private record Buffered(HttpHeaders headers, byte[] bytes, JsonMapper json) implements HttpInputMessage {

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }
    }
}
