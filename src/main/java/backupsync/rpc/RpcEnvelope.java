package backupsync.rpc;

import java.util.Date;
import java.util.Iterator;
import java.util.Map;

import backupsync.api.ApiException;
import backupsync.api.Uuids;
import backupsync.api.ZStackError;
import backupsync.api.ZStackJson;
import backupsync.http.RequestParts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

/**
 * Reads ZStack's RPC envelope, {@code {"<message class>": {<fields>, "session": {"uuid": ...}}}}: one message, keyed by
 * its Java class name, the session inside it. What cannot be read as one known message fails here, before any check
 * of the message itself, as ZStack's decoder does.
 */
public class RpcEnvelope {
    /** The message's name ({@link RpcMessage}), for the route's choice. */
    public static final String MESSAGE_PROPERTY = "rpcMessage";

    /** Step "readRpcEnvelope". */
    public void read(Exchange exchange) {
        JsonNode root = ZStackJson.readObject(RequestParts.jsonBody(exchange));
        if (root.size() != 1) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT, ("the body must hold exactly one message: "
                    + "{\"<message class>\": {...}}, e.g. {\"%s\": {\"accountName\": ..., \"password\": ...}}; it has %d keys")
                    .formatted(RpcMessage.LOG_IN_BY_ACCOUNT.className(), root.size()));
        }
        Iterator<Map.Entry<String, JsonNode>> only = root.fields();
        Map.Entry<String, JsonNode> entry = only.next();
        RpcMessage message = RpcMessage.byClassName(entry.getKey()).orElseThrow(() -> new ApiException(
                ZStackError.UNKNOWN_MESSAGE, "no service deals with message[%s]; this service answers %s"
                .formatted(shorten(entry.getKey()), RpcMessage.classNames())));
        if (!(entry.getValue() instanceof ObjectNode fields)) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT,
                    "the message %s must be a JSON object of its fields".formatted(message.className()));
        }
        // The result poll carries no session (ZStack's has none): the job's uuid is the bearer of its result, so it
        // gets every bit random, as a session does.
        String jobUuid = message.isJob() ? Uuids.sessionId() : null;
        exchange.setProperty(RpcCall.PROPERTY, new RpcCall(message, fields, session(fields), new Date(), jobUuid));
        exchange.setProperty(MESSAGE_PROPERTY, message.name());
    }

    /**
     * {@code "session": {"uuid": ...}}; null when absent, as for a login ({@code "session": {}} is what zstack-cli
     * sends before it has one). Whether it is valid is the session check's business, in ZStack's order.
     */
    private static String session(ObjectNode fields) {
        JsonNode session = fields.get("session");
        if (session == null || session.isNull()) {
            return null;
        }
        if (!session.isObject()) {
            throw ApiException.invalidField("session", "must be an object {\"uuid\": \"<session uuid>\"}");
        }
        JsonNode uuid = session.get("uuid");
        if (uuid == null || uuid.isNull()) {
            return null;
        }
        if (!uuid.isTextual()) {
            throw ApiException.invalidField("session.uuid", "must be a string");
        }
        return uuid.textValue();
    }

    static String shorten(String text) {
        return text.length() > 128 ? text.substring(0, 128) + "..." : text;
    }
}
