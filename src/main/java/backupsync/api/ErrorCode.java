package backupsync.api;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** ZStack's ErrorCode as its clients parse it; {@code cause} is another ErrorCode or null. */
@JsonPropertyOrder({"code", "description", "details", "elaboration", "opaque", "cause"})
public record ErrorCode(String code, String description, String details, String elaboration,
                        Map<String, Object> opaque, ErrorCode cause) {

    public ErrorCode causedBy(ErrorCode rootCause) {
        return new ErrorCode(code, description, details, elaboration, opaque, rootCause);
    }
}
