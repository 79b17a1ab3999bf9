package io.tokengate.gateway.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.FormatSchema;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.InjectableValues;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's JSON converter: Boot's (the application's {@link JsonMapper}, so the same strict
 * features), except that the parse binding a request body runs through {@link StrictStrings.Parser}.
 * Every string rule is thus checked in the one parse that binds the body, not in a pass of its own.
 * Only the server side: the mapper and clients elsewhere (stored JSON, webhooks) are untouched. It
 * runs after Boot's configurer ({@code @Order(0)}), so its JSON converter is the one that stays.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConverterConfiguration implements WebMvcConfigurer {

    private final JsonMapper json;

    StrictJsonConverterConfiguration(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.withJsonConverter(new Converter(json));
    }

    static final class Converter extends JacksonJsonHttpMessageConverter {

        Converter(JsonMapper json) {
            super(json);
        }

        @Override
        protected ObjectReader customizeReader(ObjectReader reader, JavaType javaType) {
            ObjectReader customized = super.customizeReader(reader, javaType);
            return new StrictReader(customized, customized.getConfig());
        }
    }

    /**
     * An {@link ObjectReader} whose parsers are wrapped, through the hook Jackson's own token filters
     * use ({@code _considerFilter}), so binding, trailing-token checks and closing stay Jackson's.
     */
    private static final class StrictReader extends ObjectReader {

        StrictReader(ObjectReader base, DeserializationConfig config) {
            super(base, config);
        }

        StrictReader(ObjectReader base, DeserializationConfig config, JavaType valueType,
                     ValueDeserializer<Object> rootDeserializer, Object valueToUpdate, FormatSchema schema,
                     InjectableValues injectableValues) {
            super(base, config, valueType, rootDeserializer, valueToUpdate, schema, injectableValues);
        }

        @Override
        protected ObjectReader _new(ObjectReader base, DeserializationConfig config) {
            return new StrictReader(base, config);
        }

        @Override
        protected ObjectReader _new(ObjectReader base, DeserializationConfig config, JavaType valueType,
                                    ValueDeserializer<Object> rootDeserializer, Object valueToUpdate,
                                    FormatSchema schema, InjectableValues injectableValues) {
            return new StrictReader(base, config, valueType, rootDeserializer, valueToUpdate, schema,
                    injectableValues);
        }

        @Override
        protected JsonParser _considerFilter(JsonParser parser, boolean multiValue) {
            return new StrictStrings.Parser(super._considerFilter(parser, multiValue));
        }
    }
}
