package backupsync.pipeline;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.OptionalLong;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import backupsync.storage.BackupStore;
import backupsync.storage.ClaimedSpace;
import backupsync.storage.StagedWrite;
import backupsync.storage.StoreName;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step "prepareCopy": checks the source file, claims room on the destination and begins the staged write that
 * step "writeTemporaryFile" fills: where an earlier sync of the same backup to the same store left a partial copy
 * ({@link PartialCopies}), the write resumes it from its last checkpoint instead of starting over.
 */
public class PrepareCopy implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(PrepareCopy.class);
    private final PartialCopies partials;
    private final CopyCheckpoints checkpoints;

    public PrepareCopy(PartialCopies partials, CopyCheckpoints checkpoints) {
        this.partials = partials;
        this.checkpoints = checkpoints;
    }

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
        Optional<PartialCopies.Partial> partial = partials.take(sync.getBackupUuid(), sync.getDestination().uuid());
        long resumeFrom = partial.map(kept -> resumablePrefix(destination, kept, recordedSize)).orElse(0L);
        ClaimedSpace claimed = destination.claimedSpace();
        // The claim counts what the staged write has written, once it has begun; a resumed prefix is on disk already.
        ClaimedSpace.Claim claim = claimed.claim(usable, () -> {
            StagedWrite write = sync.getStagedWrite();
            return write == null ? resumeFrom : write.bytesWritten();
        }, recordedSize);
        if (claim == null) {
            if (resumeFrom > 0) {
                // Not this sync's to resume after all: kept for the next one, which may find the room.
                partials.keep(destination, sync.getBackupUuid(), sync.getDestination().uuid(), partial.get().temporaryName(), resumeFrom);
            }
            throw new ApiException(ZStackError.OPERATION_ERROR,
                    "destination backup storage[uuid:%s] has %d bytes free at %s, of which copies in flight still need %d; database backup[uuid:%s] needs %d"
                            .formatted(sync.getDestination().uuid(), usable, destination.location() + "/" + name.folder(),
                                    claimed.stillNeeded(), sync.getBackupUuid(), recordedSize));
        }
        sync.setSpaceClaim(claim);
        // This sync holds the Creating ref, so no other copy writes this target now: what else is there is left over
        // (a remote store's file that the link kept a failed copy from deleting, say).
        for (StoreName leftOver : destination.temporaryFilesOf(name)) {
            if (resumeFrom == 0 || !leftOver.equals(partial.get().temporaryName())) {
                destination.delete(leftOver);
            }
        }
        StagedWrite write = resumeFrom > 0 ? resume(sync, partial.get(), resumeFrom) : null;
        if (write == null) {
            write = destination.beginStagedWrite(name, sync.getRequestId());
        }
        sync.setStagedWrite(write);
        Runnable stopCheckpoints = checkpoints.record(sync, write);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                stopCheckpoints.run();
            }
        });
    }

    /** How much of a kept partial copy can be trusted: its durable bytes when it still holds them; else 0, and it goes. */
    private static long resumablePrefix(BackupStore destination, PartialCopies.Partial kept, long recordedSize) {
        try {
            OptionalLong held = destination.size(kept.temporaryName());
            if (held.isPresent() && held.getAsLong() >= kept.durableBytes() && kept.durableBytes() <= recordedSize) {
                return kept.durableBytes();
            }
            LOG.warn("not resuming {} on {}: it holds {} bytes, {} were recorded durable of {}", kept.temporaryName(),
                    destination.location(), held.isPresent() ? held.getAsLong() : "no", kept.durableBytes(), recordedSize);
        } catch (IOException | RuntimeException e) {
            LOG.warn("not resuming {} on {}: {}", kept.temporaryName(), destination.location(), e.toString());
        }
        destination.deleteQuietly(kept.temporaryName());
        return 0;
    }

    /** The resumed write, or null when the partial copy cannot be taken over after all (then the copy starts over). */
    private static StagedWrite resume(SyncContext sync, PartialCopies.Partial kept, long from) {
        BackupStore destination = sync.getDestinationStore();
        try {
            StagedWrite write = destination.resumeStagedWrite(sync.getTargetName(), sync.getRequestId(), kept.temporaryName(), from);
            LOG.info("sync {}: resuming the copy of database backup {} to backup storage {} at byte {} of {} ({} left by an earlier sync)",
                    sync.getRequestId(), sync.getBackupUuid(), sync.getDestination().uuid(), from, sync.getBackup().size(),
                    kept.temporaryName());
            return write;
        } catch (IOException | RuntimeException e) {
            LOG.warn("sync {}: could not resume {} on {} ({}); copying from the start", sync.getRequestId(),
                    kept.temporaryName(), destination.location(), e.toString());
            destination.deleteQuietly(kept.temporaryName());
            // It may have been renamed to this request's name before the failure.
            destination.deleteQuietly(destination.temporaryNameFor(sync.getTargetName(), sync.getRequestId()));
            return null;
        }
    }
}
