package backupsync.jobs;

import java.util.Map;

import backupsync.api.ApiException;
import backupsync.api.ErrorCode;
import backupsync.api.ZStackJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The answer of a finished job, as the poll and the web hook give it. ZStack's SDK takes 200 as success and 503 as a
 * failure whose body is {"error": ErrorCode}, so every failure is recorded as 503, whatever status a synchronous call
 * would have had (400 for a malformed request, for example).
 */
final class JobReplies {
    static final int SUCCEEDED = 200;
    static final int FAILED = ApiException.FAILED_API;

    private JobReplies() {
    }

    static int statusFor(int synchronousStatus) {
        return synchronousStatus == SUCCEEDED ? SUCCEEDED : FAILED;
    }

    static String failure(ErrorCode error) {
        return ZStackJson.write(Map.of("error", error));
    }

    /**
     * The stored answer (recorded with the schema map) with the map kept only when someone asked for it, and with
     * extra top-level fields when given.
     */
    static JsonNode shaped(String stored, boolean withSchema, Map<String, String> extraFields) {
        try {
            JsonNode node = ZStackJson.mapper().readTree(stored);
            if (node instanceof ObjectNode reply) {
                if (!withSchema) {
                    reply.remove("schema");
                }
                extraFields.forEach(reply::put);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored job result is not JSON", e);
        }
    }
}
