package io.tokengate.gateway.web;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.SerializableString;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.core.util.JsonParserDelegate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rule every string of a request body obeys, property names included, so no endpoint can forget
 * a field: at most {@link #MAX_STRING} characters (a safety net under each field's own limit), no
 * NUL ({@code \u0000}, refused by PostgreSQL text columns with an error) and no unpaired surrogate
 * ({@code \ud800}, silently stored as {@code ?}). The rule is applied by {@link Parser} inside the
 * one parse that binds the body; {@link #firstRefusal} walks a whole body and is only used to pick
 * the answer once that parse has already failed for another reason.
 */
final class StrictStrings {

    /** No string of any request (names, URLs, free text) comes near this; a megabyte-long one is an attack. */
    static final int MAX_STRING = 8_192;

    private StrictStrings() {
    }

    /** The answer to the string at the parser's current token, or null when it is fine or not a string. */
    static ApiException refusal(JsonParser parser) {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_STRING && token != JsonToken.PROPERTY_NAME) {
            return null;
        }
        String text = token == JsonToken.PROPERTY_NAME ? parser.currentName() : parser.getString();
        String problem = text.length() > MAX_STRING ? "more than " + MAX_STRING + " characters" : Text.problem(text);
        if (problem == null) {
            return null;
        }
        String path = parser.streamReadContext().pathAsPointer().toString();
        String param = path.isEmpty() ? null : path.substring(1).replace('/', '.');
        return new ApiException(ErrorCode.PARAMETER_INVALID,
                (param == null ? "A string" : "The field '" + param + "'") + " contains " + problem + ".", param);
    }

    /**
     * The refusal for the first string of {@code body}, in document order, that breaks the rule before
     * anything that is not JSON; null when there is none. A second parse: for failed bodies only.
     */
    static ApiException firstRefusal(JsonMapper json, byte[] body) {
        try (JsonParser parser = json.createParser(body)) {
            while (parser.nextToken() != null) {
                ApiException refusal = refusal(parser);
                if (refusal != null) {
                    return refusal;
                }
            }
        } catch (JacksonException e) {
            // Not JSON from here on: the binding parse's own failure answers.
        }
        return null;
    }

    /** Thrown from inside the binding parse; {@link #answer()} is what the caller gets. */
    static final class Refused extends StreamReadException {
        private final transient ApiException answer;

        Refused(JsonParser parser, ApiException answer) {
            super(parser, answer.getMessage());
            this.answer = answer;
        }

        ApiException answer() {
            return answer;
        }
    }

    /**
     * A parser that applies the rule to every token it moves to, whichever method a deserializer uses
     * to move (names matched by a {@link PropertyNameMatcher}, skipped children, {@code nextValue}),
     * so what the binder reads, skips or buffers has been checked in document order.
     */
    static final class Parser extends JsonParserDelegate {

        Parser(JsonParser delegate) {
            super(delegate);
        }

        @Override
        public JsonToken nextToken() {
            JsonToken token = delegate.nextToken();
            check();
            return token;
        }

        @Override
        public JsonToken nextValue() {
            JsonToken token = nextToken();
            return token == JsonToken.PROPERTY_NAME ? nextToken() : token;
        }

        @Override
        public String nextName() {
            String name = delegate.nextName();
            check();
            return name;
        }

        @Override
        public boolean nextName(SerializableString expected) {
            boolean matched = delegate.nextName(expected);
            check();
            return matched;
        }

        @Override
        public int nextNameMatch(PropertyNameMatcher matcher) {
            int match = delegate.nextNameMatch(matcher);
            check();
            return match;
        }

        @Override
        public JsonParser skipChildren() {
            JsonToken token = currentToken();
            if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
                return this;
            }
            int open = 1;
            while (open > 0) {
                token = nextToken();
                if (token == null) {
                    break;
                }
                if (token.isStructStart()) {
                    open++;
                } else if (token.isStructEnd()) {
                    open--;
                }
            }
            return this;
        }

        private void check() {
            ApiException refusal = refusal(delegate);
            if (refusal != null) {
                throw new Refused(this, refusal);
            }
        }
    }
}
