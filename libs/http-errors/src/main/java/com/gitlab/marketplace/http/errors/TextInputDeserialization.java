package com.gitlab.marketplace.http.errors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Applies {@link TextInput} to every string of every JSON request body, so no field can be forgotten. The
 * failure carries the field's JSON path; the mappers answer it as 422 {@code validation_failed} naming it.
 */
@Singleton
public class TextInputDeserialization implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("text-input").addDeserializer(String.class, new CheckedStrings()));
    }

    /** A JSON string that breaks {@link TextInput}; {@link #getPath()} locates it in the body. */
    public static final class InvalidTextException extends JsonMappingException {

        private final String problem;

        InvalidTextException(JsonParser parser, String problem) {
            super(parser, problem);
            this.problem = problem;
        }

        public String problem() {
            return problem;
        }
    }

    private static final class CheckedStrings extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            var problem = TextInput.problem(value);
            if (problem.isPresent()) {
                throw new InvalidTextException(parser, problem.get());
            }
            return value;
        }
    }
}
