package backupsync.http;

import backupsync.api.SyncRequest;
import backupsync.api.Uuids;
import backupsync.pipeline.SyncContext;
import org.apache.camel.Exchange;

/** The REST door: turns {@code PUT /zstack/v1/database-backups/{uuid}/actions} into a canonical sync and back. */
public class RestSyncDoor {
    public static final String JOB_UUID_HEADER = "X-Job-UUID";
    /** The door a sync came in by, when another door (the RPC one) hands its sync to this one: logs and metrics. */
    public static final String DOOR_PROPERTY = "syncDoor";

    /** Step "readSyncRequest". */
    public void readSyncRequest(Exchange exchange) {
        HttpResponses.noteSchemaRequest(exchange);
        String sessionUuid = OAuthSession.sessionUuid(exchange.getMessage().getHeader("Authorization"));
        SyncRequest request = SyncRequest.fromJson(RequestParts.jsonBody(exchange), RequestParts.databaseBackupUuid(exchange));
        Object jobUuid = exchange.getMessage().getHeader(JOB_UUID_HEADER);
        String requestId = jobUuid != null && Uuids.isValid(jobUuid.toString()) ? jobUuid.toString() : Uuids.random();
        String door = exchange.getProperty(DOOR_PROPERTY, "rest", String.class);
        exchange.setProperty(SyncContext.PROPERTY, new SyncContext(requestId, door, request, sessionUuid));
        exchange.getMessage().setBody(null);
    }

    /** Step "writeSyncResponse": 200 {"inventory": ...}. */
    public void writeSyncResponse(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        HttpResponses.write(exchange, 200, HttpResponses.inventoryReply(sync.getInventory(),
                HttpResponses.wantsSchema(exchange)));
    }
}
