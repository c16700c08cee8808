package backupsync.pipeline;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.OptionalLong;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import backupsync.storage.BackupStore;
import backupsync.storage.ClaimedSpace;
import backupsync.storage.StagedWrite;
import backupsync.storage.StoreName;
import backupsync.storage.local.LocalStore;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Step "prepareCopy": checks the source file, claims room on the destination and begins the staged write that
 * step "writeTemporaryFile" fills.
 */
public class PrepareCopy implements Processor {
    @Override
    public void process(Exchange exchange) throws IOException {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        StoreName name = sync.getTargetName();
        BackupStore source = sync.getSourceStore();
        BackupStore destination = sync.getDestinationStore();

        long recordedSize = sync.getBackup().size();
        OptionalLong actualSize = source.size(name);
        if (actualSize.isEmpty()) {
            throw new ApiException(ZStackError.IO_ERROR,
                    "the file %s of database backup[uuid:%s] is missing on source backup storage[uuid:%s] (%s)"
                            .formatted(name, sync.getBackupUuid(), sync.getSource().uuid(), source.location()));
        }
        if (actualSize.getAsLong() != recordedSize) {
            throw new ApiException(ZStackError.IO_ERROR,
                    "the file %s of database backup[uuid:%s] has %d bytes, the backup records %d: the source copy is damaged"
                            .formatted(name, sync.getBackupUuid(), actualSize.getAsLong(), recordedSize));
        }
        long usable;
        try {
            usable = destination.freeSpace(name);
        } catch (NoSuchFileException e) {
            throw new ApiException(ZStackError.IO_ERROR, "the root directory %s of destination backup storage[uuid:%s] is missing"
                    .formatted(destination.location(), sync.getDestination().uuid()));
        }
        ClaimedSpace claimed = destination.claimedSpace();
        // The claim counts what the staged write has written, once it has begun.
        ClaimedSpace.Claim claim = claimed.claim(usable, () -> {
            StagedWrite write = sync.getStagedWrite();
            return write == null ? 0 : write.bytesWritten();
        }, recordedSize);
        if (claim == null) {
            throw new ApiException(ZStackError.OPERATION_ERROR,
                    "destination backup storage[uuid:%s] has %d bytes free at %s, of which copies in flight still need %d; database backup[uuid:%s] needs %d"
                            .formatted(sync.getDestination().uuid(), usable, destination.location() + "/" + name.folder(),
                                    claimed.stillNeeded(), sync.getBackupUuid(), recordedSize));
        }
        sync.setSpaceClaim(claim);
        if (!(destination instanceof LocalStore)) {
            // A failed copy to a remote store could not delete its temporary file when the link was what failed.
            // This sync holds the Creating ref, so no other copy writes this target now: what is there is left over.
            for (StoreName leftOver : destination.temporaryFilesOf(name)) {
                destination.delete(leftOver);
            }
        }
        sync.setStagedWrite(destination.beginStagedWrite(name, sync.getRequestId()));
    }
}
