package backupsync.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import backupsync.api.DatabaseBackupInventory;
import backupsync.api.SyncRequest;
import backupsync.auth.Caller;
import backupsync.data.BackupStorageRefRow;
import backupsync.data.BackupStorageRow;
import backupsync.data.DatabaseBackupRow;
import backupsync.storage.BackupStore;
import backupsync.storage.ClaimedSpace;
import backupsync.storage.StagedWrite;
import backupsync.storage.StoreName;

/**
 * Everything one sync learns on its way through the pipeline, kept in the exchange property {@value #PROPERTY}.
 * The error path reads it to undo exactly what this sync did, and nothing else.
 */
public final class SyncContext {
    public static final String PROPERTY = "sync";

    private final String requestId;
    private final String door;
    private final SyncRequest request;
    /** Null when the door lets the service act as itself (queue, schedule). */
    private final String sessionUuid;

    private Caller caller;
    private DatabaseBackupRow backup;
    private BackupStorageRow source;
    private BackupStorageRow destination;
    private List<BackupStorageRefRow> refs = List.of();
    private List<String> newUserTags = List.of();

    private BackupStore sourceStore;
    private BackupStore destinationStore;
    private ClaimedSpace.Claim spaceClaim;
    private StoreName targetName;
    /** Set once the write has begun; the error path aborts it unless it was committed. */
    private StagedWrite stagedWrite;

    private String installPath;

    /** Set for a sync of a replication run: its policy's bandwidth limit applies. */
    private String policyUuid;
    /** False where no one reads the answer (a replication run counts outcomes): the final reads are skipped. */
    private boolean answerWanted = true;
    private boolean reserved;
    private boolean published;
    private boolean committed;
    /** This sync took over a Ready ref marked bad by a verify run: it replaces that file, already counted in capacity. */
    private boolean replacingBadCopy;
    private boolean copied;
    private long bytesCopied;
    /**
     * Set by the heartbeat when the reservation is no longer this sync's (another node took it over after a lease
     * without heartbeat): the copy stops, and the undo leaves the other sync's ref and records alone.
     */
    private volatile boolean leaseLost;
    private DatabaseBackupInventory inventory;

    public SyncContext(String requestId, String door, SyncRequest request, String sessionUuid) {
        this.requestId = requestId;
        this.door = door;
        this.request = request;
        this.sessionUuid = sessionUuid;
    }

    /** Named parameters for the pipeline's SQL files. */
    public Map<String, Object> getSqlParameters() {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("backupUuid", request.backupUuid());
        parameters.put("srcBackupStorageUuid", request.srcBackupStorageUuid());
        parameters.put("dstBackupStorageUuid", request.dstBackupStorageUuid());
        parameters.put("installPath", installPath);
        parameters.put("size", backup == null ? null : backup.size());
        parameters.put("resourceType", "DatabaseBackupVO");
        parameters.put("requestId", requestId);
        BackupStorageRefRow destinationRef = destination == null ? null : refOn(destination.uuid());
        parameters.put("dstRefId", destinationRef == null ? null : destinationRef.refId());
        return parameters;
    }

    /** One parameter map per userTag this sync adds to the backup (those it does not carry yet). */
    public List<Map<String, Object>> getNewUserTagRows() {
        return newUserTags.stream().<Map<String, Object>>map(tag -> Map.of("uuid", backupsync.api.Uuids.random(),
                "resourceUuid", request.backupUuid(), "tag", tag)).toList();
    }

    public BackupStorageRefRow refOn(String backupStorageUuid) {
        return refs.stream().filter(ref -> ref.backupStorageUuid().equals(backupStorageUuid)).findFirst().orElse(null);
    }

    public String getRequestId() { return requestId; }
    public String getDoor() { return door; }
    public SyncRequest getRequest() { return request; }
    public String getBackupUuid() { return request.backupUuid(); }
    public String getSessionUuid() { return sessionUuid; }
    public String getPolicyUuid() { return policyUuid; }
    public void setPolicyUuid(String policyUuid) { this.policyUuid = policyUuid; }
    public Caller getCaller() { return caller; }
    public void setCaller(Caller caller) { this.caller = caller; }
    public DatabaseBackupRow getBackup() { return backup; }
    public void setBackup(DatabaseBackupRow backup) { this.backup = backup; }
    public BackupStorageRow getSource() { return source; }
    public void setSource(BackupStorageRow source) { this.source = source; }
    public BackupStorageRow getDestination() { return destination; }
    public void setDestination(BackupStorageRow destination) { this.destination = destination; }
    public List<BackupStorageRefRow> getRefs() { return refs; }
    public void setRefs(List<BackupStorageRefRow> refs) { this.refs = refs; }
    public List<String> getNewUserTags() { return newUserTags; }
    public void setNewUserTags(List<String> newUserTags) { this.newUserTags = newUserTags; }
    public BackupStore getSourceStore() { return sourceStore; }
    public void setSourceStore(BackupStore sourceStore) { this.sourceStore = sourceStore; }
    public BackupStore getDestinationStore() { return destinationStore; }
    public void setDestinationStore(BackupStore destinationStore) { this.destinationStore = destinationStore; }
    public ClaimedSpace.Claim getSpaceClaim() { return spaceClaim; }
    public void setSpaceClaim(ClaimedSpace.Claim spaceClaim) { this.spaceClaim = spaceClaim; }
    public StoreName getTargetName() { return targetName; }
    public void setTargetName(StoreName targetName) { this.targetName = targetName; }
    public StagedWrite getStagedWrite() { return stagedWrite; }
    public void setStagedWrite(StagedWrite stagedWrite) { this.stagedWrite = stagedWrite; }
    public String getInstallPath() { return installPath; }
    public void setInstallPath(String installPath) { this.installPath = installPath; }
    public boolean isAnswerWanted() { return answerWanted; }
    public void setAnswerWanted(boolean answerWanted) { this.answerWanted = answerWanted; }
    public boolean isReserved() { return reserved; }
    public void setReserved(boolean reserved) { this.reserved = reserved; }
    public boolean isPublished() { return published; }
    public void setPublished(boolean published) { this.published = published; }
    public boolean isCommitted() { return committed; }
    public void setCommitted(boolean committed) { this.committed = committed; }
    public boolean isReplacingBadCopy() { return replacingBadCopy; }
    public void setReplacingBadCopy(boolean replacingBadCopy) { this.replacingBadCopy = replacingBadCopy; }
    public boolean isCopied() { return copied; }
    public void setCopied(boolean copied) { this.copied = copied; }
    public long getBytesCopied() { return bytesCopied; }
    public void setBytesCopied(long bytesCopied) { this.bytesCopied = bytesCopied; }
    public boolean isLeaseLost() { return leaseLost; }
    public void loseLease() { this.leaseLost = true; }
    public DatabaseBackupInventory getInventory() { return inventory; }
    public void setInventory(DatabaseBackupInventory inventory) { this.inventory = inventory; }
}
