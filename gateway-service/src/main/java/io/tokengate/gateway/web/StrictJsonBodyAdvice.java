package io.tokengate.gateway.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a JSON body as bytes and as text before any field is bound, for what the JSON parser lets
 * through: invalid UTF-8 (Jackson decodes overlong sequences such as {@code C0 AF} without
 * complaint), a charset other than UTF-8 (the API speaks UTF-8 only, RFC 8259), and strings that
 * PostgreSQL or UTF-8 cannot hold: NUL ({@code \u0000}, refused by PostgreSQL text columns with an
 * error) and unpaired surrogates ({@code \ud800}, silently stored as {@code ?}), or longer than
 * {@link #MAX_STRING} (a safety net under each field's own limit). Every string of the
 * document is checked, property names included, so no endpoint can forget a field. Bodies are at
 * most {@code tokengate.http.max-body-bytes} ({@link BodyLimitFilter}), so reading them whole is cheap.
 */
@ControllerAdvice
final class StrictJsonBodyAdvice extends RequestBodyAdviceAdapter {

    /** No string of any request (names, URLs, free text) comes near this; a megabyte-long one is an attack. */
    static final int MAX_STRING = 8_192;

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
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, "The request body is not valid UTF-8.", null);
        }
        checkStrings(body);
        return new Buffered(message.getHeaders(), body);
    }

    private void checkStrings(byte[] body) {
        try (JsonParser parser = json.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.VALUE_STRING || token == JsonToken.PROPERTY_NAME) {
                    String text = token == JsonToken.PROPERTY_NAME ? parser.currentName() : parser.getString();
                    String problem = text.length() > MAX_STRING ? "more than " + MAX_STRING + " characters" : Text.problem(text);
                    if (problem != null) {
                        String path = parser.streamReadContext().pathAsPointer().toString();
                        String param = path.isEmpty() ? null : path.substring(1).replace('/', '.');
                        throw new ApiException(ErrorCode.PARAMETER_INVALID,
                                (param == null ? "A string" : "The field '" + param + "'") + " contains " + problem + ".",
                                param);
                    }
                }
            }
        } catch (JacksonException e) {
            // Not JSON: the converter reads the same bytes next and answers malformed_json with its own reason.
        }
    }

    private record Buffered(HttpHeaders headers, byte[] bytes) implements HttpInputMessage {

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
