package io.tokengate.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import tools.jackson.databind.json.JsonMapper;

/**
 * The string rule is applied inside the one parse that binds a body: the converter alone refuses,
 * with the refusal as the cause, however the binder moves over the document (matched names, a map
 * of anything, a list of strings, an ignored property's skipped subtree), and binds clean bodies.
 */
class StrictJsonConverterTest {

    private final StrictJsonConverterConfiguration.Converter converter = new StrictJsonConverterConfiguration.Converter(
            mapper());

    @JsonIgnoreProperties("skipped")
    record Body(String name, Map<String, Object> extra, List<String> tags) {
    }

    @Test
    void readWhenStringsCleanThenBindsInOneParse() {
        String longest = "n".repeat(StrictStrings.MAX_STRING);
        Body body = read("{'name': '" + longest + "', 'extra': {'e': '\\ud83d\\ude00', 'n': [1, {'k': 'v'}]},"
                + " 'tags': ['a', 'b'], 'skipped': {'x': 'y'}}");
        assertThat(body.name()).hasSize(StrictStrings.MAX_STRING);
        assertThat(body.extra().get("e")).isEqualTo("\uD83D\uDE00");
        assertThat(body.tags()).containsExactly("a", "b");
    }

    @Test
    void readWhenNulNestedInAMapOfAnythingThenRefusedByTheBindingParse() {
        assertRefused("{'name': 'x', 'extra': {'a': {'b': 'x\\u0000'}}}", "extra.a.b", "a NUL character");
    }

    @Test
    void readWhenLoneSurrogateInAListOfStringsThenRefusedByTheBindingParse() {
        assertRefused("{'tags': ['ok', '\\ud800']}", "tags.1", "an unpaired surrogate");
    }

    @Test
    void readWhenNameOverTheLimitInAMapThenRefusedByTheBindingParse() {
        String name = "k".repeat(StrictStrings.MAX_STRING + 1);
        assertRefused("{'extra': {'" + name + "': 1}}", "extra." + name,
                "more than " + StrictStrings.MAX_STRING + " characters");
    }

    @Test
    void readWhenNulInsideAnIgnoredPropertyThenRefusedAlthoughTheBinderSkipsIt() {
        assertRefused("{'skipped': {'x': ['\\u0000']}, 'name': 'x'}", "skipped.x.0", "a NUL character");
    }

    @Test
    void readWhenDuplicateKeyNestedThenMalformedNotARefusal() {
        HttpMessageNotReadableException e = catchThrowableOfType(HttpMessageNotReadableException.class,
                () -> read("{'extra': {'a': 1, 'a': 2}}"));
        assertThat(e.getMostSpecificCause()).isNotInstanceOf(StrictStrings.Refused.class)
                .hasMessageContaining("Duplicate");
    }

    private void assertRefused(String json, String param, String problem) {
        HttpMessageNotReadableException e = catchThrowableOfType(HttpMessageNotReadableException.class,
                () -> read(json));
        assertThat(e.getMostSpecificCause()).isInstanceOf(StrictStrings.Refused.class);
        ApiException answer = ((StrictStrings.Refused) e.getMostSpecificCause()).answer();
        assertThat(answer.code()).isEqualTo(ErrorCode.PARAMETER_INVALID);
        assertThat(answer.param()).isEqualTo(param);
        assertThat(answer.getMessage()).isEqualTo("The field '" + param + "' contains " + problem + ".");
    }

    private Body read(String singleQuoted) {
        MockHttpInputMessage message = new MockHttpInputMessage(
                singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
        message.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        try {
            return (Body) converter.read(ResolvableType.forClass(Body.class), message, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonMapper mapper() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new JsonConfiguration().strictApiJson().customize(builder);
        return builder.build();
    }
}
