package glassbox.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;

/** JSON output: pretty, non-finite numbers as strings ("NaN", "Infinity"), written atomically. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .configure(JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS, false);

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.write(file, out -> MAPPER.writeValue(out, value));
    }

    public static String toString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
