package backupsync.schedule;

import java.util.List;
import java.util.Map;

import backupsync.api.SyncRequest;
import backupsync.api.Uuids;
import backupsync.pipeline.SyncContext;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.springframework.util.LinkedCaseInsensitiveMap;

/**
 * Step "prepareReplicationSync": one candidate row becomes the canonical sync the pipeline expects, run as the
 * service itself (no session), exactly as if an admin had called the sync API.
 */
public class PrepareReplicationSync implements Processor {
    public static final String DOOR = "schedule";

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        ReplicationRun run = exchange.getProperty(ReplicationRun.PROPERTY, ReplicationRun.class);
        // Column labels come back in each database's case (H2 upper, PostgreSQL lower).
        Map<String, Object> row = new LinkedCaseInsensitiveMap<>();
        row.putAll(exchange.getMessage().getMandatoryBody(Map.class));
        run.countCandidate();
        SyncRequest request = new SyncRequest((String) row.get("backupUuid"),
                run.getPolicy().sourceBackupStorageUuid(), (String) row.get("dstBackupStorageUuid"), List.of(), List.of());
        SyncContext sync = new SyncContext(Uuids.random(), DOOR, request, null);
        sync.setPolicyUuid(run.getPolicy().uuid());
        // The run records counts and failures, never the inventory: two reads per candidate saved.
        sync.setAnswerWanted(false);
        exchange.setProperty(SyncContext.PROPERTY, sync);
        exchange.getMessage().setBody(null);
    }
}
