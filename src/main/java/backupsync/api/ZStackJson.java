package backupsync.api;

import java.text.SimpleDateFormat;
import java.util.Locale;
import java.util.TimeZone;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** The JSON dialect ZStack's clients read: dates as "Nov 14, 2017 10:20:57 PM" in the server's zone. */
public final class ZStackJson {
    public static final String DATE_PATTERN = "MMM d, yyyy h:mm:ss a";
    public static final String CONTENT_TYPE = "application/json;charset=UTF-8";
    /** Deeper than any legitimate request; stops hostile nesting early. */
    private static final int MAX_NESTING_DEPTH = 32;

    private static final ObjectMapper MAPPER = createMapper();

    private ZStackJson() {
    }

    private static ObjectMapper createMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH).build());
        // A key given twice is ambiguous: refuse rather than guess which one the caller meant.
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // One JSON object and nothing after it: '{...} garbage' or '{...}{...}' is not a request to guess at.
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.setDateFormat(new SimpleDateFormat(DATE_PATTERN, Locale.US));
        mapper.setTimeZone(TimeZone.getDefault());
        return mapper;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (MismatchedInputException trailing) {
            // readTree's only mismatch: more after the object. Its message names Jackson's classes.
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT,
                    "the request body must be one JSON object with nothing after it");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render response as JSON", e);
        }
    }

    /** Parses a request body; anything that is not one JSON object is a malformed request (HTTP 400). */
    public static JsonNode readObject(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT, "the request body is empty; a JSON object is expected");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (MismatchedInputException trailing) {
            // readTree's only mismatch: more after the object. Its message names Jackson's classes.
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT,
                    "the request body must be one JSON object with nothing after it");
        } catch (JsonProcessingException e) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT,
                    "the request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT, "the request body must be a JSON object");
        }
        return node;
    }
}
