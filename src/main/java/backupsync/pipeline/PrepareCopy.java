package backupsync.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import backupsync.storage.ClaimedSpace;
import backupsync.storage.HashingInputStream;
import backupsync.storage.WriteBehind;
import backupsync.storage.InstallPath;
import backupsync.storage.BackupStores;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Step "prepareCopy": checks the source file and claims room on the destination, then hands camel-file either a
 * hashing stream (when metadata has an md5 to verify) or the file itself (a kernel copy).
 */
public class PrepareCopy implements Processor {
    /** The camel-file endpoint (destination root plus write options) the copy step sends the body to. */
    public static final String DESTINATION_ENDPOINT = "backupSyncDestinationEndpoint";
    private final BackupStores stores;
    private final int bufferSize;
    private final ExecutorService hashers;
    private final ScheduledExecutorService flushers;
    private final long writeBehindMs;

    public PrepareCopy(BackupStores stores, int bufferSize, ExecutorService hashers, ScheduledExecutorService flushers,
                       long writeBehindMs) {
        this.stores = stores;
        this.bufferSize = bufferSize;
        this.hashers = hashers;
        this.flushers = flushers;
        this.writeBehindMs = writeBehindMs;
    }

    /**
     * camel-file allocates a fresh buffer of its endpoint's bufferSize for every file it writes: zeroing a whole
     * MiB for a 4 KiB backup cost more than copying it. A power of two from 4 KiB up to the configured size keeps
     * the endpoints (one per size class and store) few.
     */
    int writeBufferFor(long size) {
        long sizeClass = Long.highestOneBit(Math.max(4096, size) - 1) << 1;
        return (int) Math.min(bufferSize, sizeClass);
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        InstallPath installPath = InstallPath.parse(sync.getInstallPath());
        Path source = stores.of(sync.getSource()).resolveExisting(installPath);
        Path target = sync.getDestinationStore().resolveExisting(installPath);

        long recordedSize = sync.getBackup().size();
        long actualSize;
        try {
            actualSize = Files.size(source);
        } catch (NoSuchFileException e) {
            throw new ApiException(ZStackError.IO_ERROR,
                    "the file %s of database backup[uuid:%s] is missing on source backup storage[uuid:%s]"
                            .formatted(source, sync.getBackupUuid(), sync.getSource().uuid()));
        }
        if (actualSize != recordedSize) {
            throw new ApiException(ZStackError.IO_ERROR,
                    "the file %s of database backup[uuid:%s] has %d bytes, the backup records %d: the source copy is damaged"
                            .formatted(source, sync.getBackupUuid(), actualSize, recordedSize));
        }
        Path destinationRoot = sync.getDestinationStore().root();
        if (!Files.isDirectory(destinationRoot)) {
            throw new ApiException(ZStackError.IO_ERROR, "the root directory %s of destination backup storage[uuid:%s] is missing"
                    .formatted(destinationRoot, sync.getDestination().uuid()));
        }
        Path temporary = sync.getDestinationStore().temporaryFileFor(target, sync.getRequestId());
        ClaimedSpace claimed = sync.getDestinationStore().claimedSpace();
        long usable = sync.getDestinationStore().usableSpace(target);
        ClaimedSpace.Claim claim = claimed.claim(usable, temporary, recordedSize);
        if (claim == null) {
            throw new ApiException(ZStackError.OPERATION_ERROR,
                    "destination backup storage[uuid:%s] has %d bytes free at %s, of which copies in flight still need %d; database backup[uuid:%s] needs %d"
                            .formatted(sync.getDestination().uuid(), usable, target.getParent(), claimed.stillNeeded(),
                                    sync.getBackupUuid(), recordedSize));
        }
        sync.setSpaceClaim(claim);
        sync.setTemporaryFile(temporary);
        // fileExist=Fail: the temporary name is unique to this request, so an existing file means something is wrong.
        // forceWrites=false: publishing the verified file fsyncs it anyway; a second fsync here would only add a wait.
        exchange.setProperty(DESTINATION_ENDPOINT, sync.getDestinationStore().endpointUri()
                + "?fileExist=Fail&forceWrites=false&bufferSize=" + writeBufferFor(recordedSize));
        exchange.getMessage().setHeader(Exchange.FILE_NAME, destinationRoot.relativize(temporary).toString());
        // A file of one buffer or less is read and written in one go: no write-behind, no hashing thread.
        boolean oneBuffer = recordedSize <= bufferSize;
        sync.setWriteBehind(oneBuffer ? WriteBehind.NONE : WriteBehind.start(flushers, temporary, writeBehindMs));
        if (sync.getBackup().expectedMd5() != null) {
            exchange.getMessage().setBody(oneBuffer
                    ? HashingInputStream.inline(CopyCancellation.open(exchange, source))
                    : new HashingInputStream(CopyCancellation.open(exchange, source), hashers));
        } else if (CopyCancellation.isCancellable(exchange)) {
            // A copy that may be cancelled must stream: a kernel copy of a whole file cannot be stopped half-way.
            exchange.getMessage().setBody(CopyCancellation.open(exchange, source));
        } else {
            exchange.getMessage().setBody(source.toFile());
        }
    }
}
