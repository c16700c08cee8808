package backupsync.rpc;

import java.util.List;

import backupsync.api.ApiException;
import backupsync.api.SyncRequest;
import backupsync.api.ZStackError;
import backupsync.api.ZStackJson;
import backupsync.auth.SessionService;
import backupsync.http.HttpResponses;
import backupsync.http.RestSyncDoor;
import backupsync.jobs.SyncJobDoor;
import backupsync.storage.api.BackupStorageDoor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Turns an RPC message into the request the REST door of the same API takes (method, path, session, body), so that
 * the same beans, the same pipeline and the same job machinery answer it: nothing is checked twice, nothing here
 * decides. The REST answer is turned back by {@link RpcAnswers}.
 */
public class RpcRequests {
    /** ZStack's default for a message without a timeout is -1: no timeout of its own. */
    private static final long NO_TIMEOUT = -1;
    private final SessionService sessions;

    public RpcRequests(SessionService sessions) {
        this.sessions = sessions;
    }

    /** Step "asRestLogIn": {@code {"logInByAccount": {"accountName": ..., "password": ...}}}. */
    public void asLogIn(Exchange exchange) {
        ObjectNode fields = call(exchange).fields();
        ObjectNode action = JsonNodeFactory.instance.objectNode();
        copy(fields, action, "accountName");
        copy(fields, action, "password");
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("logInByAccount", action);
        restRequest(exchange, "PUT", "/zstack/v1/accounts/login", null, body);
    }

    /** Step "asRestLogOut": its {@code sessionUuid} (needing no session of its own, as in ZStack) into the path. */
    public void asLogOut(Exchange exchange) {
        JsonNode session = call(exchange).fields().get("sessionUuid");
        String uuid = session == null || session.isNull() ? "" : pathSafe("sessionUuid", session);
        restRequest(exchange, "DELETE", "/zstack/v1/accounts/sessions/" + uuid, null, null);
    }

    /**
     * Step "asRestQuery": the session is checked first (ZStack's order), then the message's conditions, limit,
     * start, count, replyWithCount, sortBy and sortDirection become the REST query string.
     */
    public void asQuery(Exchange exchange) {
        RpcCall call = call(exchange);
        String session = requireSession(call);
        sessions.authenticate(session);
        String path = switch (call.message()) {
            case QUERY_DATABASE_BACKUP -> "/zstack/v1/database-backups";
            case QUERY_BACKUP_STORAGE -> "/zstack/v1/backup-storage";
            default -> "/zstack/v1/backup-storage/image-store";
        };
        restRequest(exchange, "GET", path, session, null);
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, QueryMessages.queryString(call.message(), call.fields()));
    }

    /** Step "asRestSyncJob": the REST sync with X-Job-UUID; its checks run in the job, in ZStack's order. */
    public void asSyncJob(Exchange exchange) {
        RpcCall call = call(exchange);
        ObjectNode fields = call.fields();
        String backupUuid = pathSafeUuid(fields);
        ObjectNode action = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("srcBackupStorageUuid", "dstBackupStorageUuid", "systemTags", "userTags")) {
            copy(fields, action, field);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set(SyncRequest.ACTION_KEY, action);
        restRequest(exchange, "PUT", "/zstack/v1/database-backups/" + backupUuid + "/actions", requireSession(call), body);
        exchange.setProperty(RestSyncDoor.DOOR_PROPERTY, "rpc");
        asJob(exchange, call);
    }

    /** Step "asRestAddImageStoreJob": AddImageStoreBackupStorage's params, as the SDK's POST sends them. */
    public void asAddImageStoreJob(Exchange exchange) {
        RpcCall call = call(exchange);
        ObjectNode params = call.fields().deepCopy();
        params.remove(List.of("session", "timeout", "id"));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("params", params);
        restRequest(exchange, "POST", BackupStorageDoor.ADD_PATH, requireSession(call), body);
        asJob(exchange, call);
    }

    private void asJob(Exchange exchange, RpcCall call) {
        Message message = exchange.getMessage();
        message.setHeader(RestSyncDoor.JOB_UUID_HEADER, call.jobUuid());
        message.setHeader(HttpResponses.JSON_SCHEMA_HEADER, "true");
        // The message's own timeout (ms), as ZStack takes it: the job's X-API-Timeout; -1 or none: the default.
        JsonNode timeout = call.fields().get("timeout");
        if (timeout != null && !timeout.isNull() && !(timeout.canConvertToLong() && timeout.asLong() == NO_TIMEOUT)) {
            message.setHeader(SyncJobDoor.API_TIMEOUT_HEADER, timeout.asText());
        }
        exchange.setProperty(SyncJobDoor.API_MESSAGE_NAME_PROPERTY, call.message().className());
    }

    private static void restRequest(Exchange exchange, String method, String path, String session, JsonNode body) {
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_METHOD, method);
        message.setHeader(Exchange.HTTP_PATH, path);
        message.removeHeader(Exchange.HTTP_QUERY);
        message.setHeader(Exchange.CONTENT_TYPE, ZStackJson.CONTENT_TYPE);
        if (session != null) {
            message.setHeader("Authorization", "OAuth " + session);
        } else {
            message.removeHeader("Authorization");
        }
        message.setBody(body == null ? null : ZStackJson.write(body));
    }

    /**
     * ZStack's first check of every message but a login: it carries a session. Whether the session is valid is
     * checked next, by the same code as every door's.
     */
    private static String requireSession(RpcCall call) {
        if (call.sessionUuid() == null) {
            throw new ApiException(ZStackError.INVALID_SESSION,
                    "session of message[%s] is null; log in with APILogInByAccountMsg and send \"session\": {\"uuid\": ...}"
                            .formatted(call.message().className()));
        }
        return call.sessionUuid();
    }

    /** The backup's uuid goes into the REST path: a value that could not stand there is refused as it is read. */
    private static String pathSafeUuid(ObjectNode fields) {
        JsonNode uuid = fields.get("uuid");
        return uuid == null || uuid.isNull() ? "" : pathSafe("uuid", uuid);
    }

    private static String pathSafe(String field, JsonNode uuid) {
        if (!uuid.isTextual() || !uuid.textValue().matches("[A-Za-z0-9_-]{1,64}")) {
            throw ApiException.invalidField(field, "'%s' is not a ZStack uuid (32 lowercase hex characters)"
                    .formatted(RpcEnvelope.shorten(uuid.asText())));
        }
        return uuid.textValue();
    }

    private static void copy(ObjectNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value != null) {
            to.set(field, value);
        }
    }

    static RpcCall call(Exchange exchange) {
        return exchange.getProperty(RpcCall.PROPERTY, RpcCall.class);
    }
}
