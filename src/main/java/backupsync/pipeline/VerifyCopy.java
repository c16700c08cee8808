package backupsync.pipeline;

import java.io.IOException;
import java.util.Optional;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import backupsync.storage.HashingInputStream;
import backupsync.storage.StagedWrite;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Step "verifyCopy": the temporary file must have the recorded size (as the store reports it once the writing has
 * ended) and, when metadata has one, the recorded MD5; only then is it committed: made durable and renamed to its
 * final name. Where the destination can hash the file itself (a remote store), the MD5 of what landed is checked
 * too, before the rename. The Ready ref comes after, in "commit".
 */
public class VerifyCopy implements Processor {

    /**
     * A store that can hash where the file lies (a remote store runs md5sum there) checks what landed, not only what
     * was sent: a byte flipped on the link or on the host's disk is caught before the rename. A mismatch leaves the
     * temporary file to the undo, which deletes it; no Ready ref is written. When nothing was hashed on the way, a
     * mismatch is put down to the source or to the copy by hashing the source once more: a rare failure's detail is
     * worth the second read.
     */
    private static void verifyWhereItLanded(SyncContext sync, StagedWrite write, long size, String expectedMd5,
                                            boolean sourceHashed) throws IOException {
        Optional<String> landed = write.md5WhereItLanded(size);
        if (landed.isEmpty() && !sourceHashed) {
            throw new IOException("the destination " + sync.getDestinationStore().location() + " was to hash the copy and answered no MD5");
        }
        if (landed.isPresent() && !expectedMd5.equalsIgnoreCase(landed.get())) {
            if (!sourceHashed) {
                String sourceMd5 = SourceMd5.of(sync.getSourceStore(), sync.getTargetName());
                if (!expectedMd5.equalsIgnoreCase(sourceMd5)) {
                    throw sourceMismatch(sync, expectedMd5, sourceMd5, size);
                }
            }
            throw new ApiException(ZStackError.OPERATION_ERROR,
                    "checksum mismatch for database backup[uuid:%s] written to backup storage[uuid:%s] (%s): expected md5 %s, the destination has md5 %s; not published"
                            .formatted(sync.getBackupUuid(), sync.getDestination().uuid(),
                                    sync.getDestinationStore().location(), expectedMd5, landed.get()));
        }
    }

    private static ApiException sourceMismatch(SyncContext sync, String expectedMd5, String actualMd5, long bytesRead) {
        return new ApiException(ZStackError.OPERATION_ERROR,
                "checksum mismatch for database backup[uuid:%s] read from backup storage[uuid:%s]: expected md5 %s, actual md5 %s (%d bytes read)"
                        .formatted(sync.getBackupUuid(), sync.getSource().uuid(), expectedMd5, actualMd5, bytesRead));
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        StagedWrite write = sync.getStagedWrite();
        long writtenSize = write.finishWriting();
        // The copy has stopped writing: whatever it wrote now shows in the store's free space.
        sync.getSpaceClaim().close();
        long expectedSize = sync.getBackup().size();
        if (writtenSize != expectedSize) {
            // The source was checked whole, so a short temporary file means the write stopped: ENOSPC not reported,
            // or a failing disk. Free space is read now, after the fact: a copy that raced for the same room may
            // already have given its space back.
            long free = sync.getDestinationStore().freeSpace(write.target());
            throw new ApiException(ZStackError.IO_ERROR,
                    "copy of database backup[uuid:%s] to backup storage[uuid:%s] wrote %d bytes, expected %d: %s (%d bytes free now)"
                            .formatted(sync.getBackupUuid(), sync.getDestination().uuid(), writtenSize, expectedSize,
                                    writtenSize < expectedSize ? "the destination is full or failing" : "the file grew while copied",
                                    free));
        }
        String expectedMd5 = sync.getBackup().expectedMd5();
        // Null when the destination hashes what lands instead ("writeTemporaryFile").
        HashingInputStream hashed = exchange.getMessage().getBody(HashingInputStream.class);
        if (expectedMd5 != null && hashed != null) {
            String actualMd5 = hashed.md5Hex();
            if (hashed.count() != expectedSize || !expectedMd5.equals(actualMd5)) {
                if (write.resumedFrom() > 0) {
                    // The hash read the resumed prefix back from the destination: either side may be at fault.
                    throw new ApiException(ZStackError.OPERATION_ERROR,
                            "checksum mismatch for database backup[uuid:%s] written to backup storage[uuid:%s] (%s): expected md5 %s, the copy resumed at byte %d of an earlier sync's partial copy has md5 %s; not published, the partial copy is removed"
                                    .formatted(sync.getBackupUuid(), sync.getDestination().uuid(),
                                            sync.getDestinationStore().location(), expectedMd5, write.resumedFrom(), actualMd5));
                }
                throw sourceMismatch(sync, expectedMd5, actualMd5, hashed.count());
            }
        }
        exchange.getMessage().setBody(null);
        if (expectedMd5 != null) {
            verifyWhereItLanded(sync, write, writtenSize, expectedMd5, hashed != null);
        }
        WriteTemporaryFile.checkLease(sync);
        write.commit();
        sync.setPublished(true);
        sync.setCopied(true);
        // Bytes a resumed write started from were copied by the sync that left them.
        sync.setBytesCopied(writtenSize - write.resumedFrom());
    }
}
