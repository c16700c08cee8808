package backupsync.pipeline;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import backupsync.storage.HashingInputStream;
import backupsync.storage.StagedWrite;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Step "verifyCopy": the temporary file must have the recorded size (as the store reports it once the writing has
 * ended) and, when metadata has one, the recorded MD5; only then is it committed: made durable and renamed to its
 * final name. The Ready ref comes after, in "commit".
 */
public class VerifyCopy implements Processor {

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
        if (expectedMd5 != null) {
            HashingInputStream hashed = exchange.getMessage().getBody(HashingInputStream.class);
            String actualMd5 = hashed.md5Hex();
            if (hashed.count() != expectedSize || !expectedMd5.equals(actualMd5)) {
                throw new ApiException(ZStackError.OPERATION_ERROR,
                        "checksum mismatch for database backup[uuid:%s] read from backup storage[uuid:%s]: expected md5 %s, actual md5 %s (%d bytes read)"
                                .formatted(sync.getBackupUuid(), sync.getSource().uuid(), expectedMd5, actualMd5,
                                        hashed.count()));
            }
        }
        exchange.getMessage().setBody(null);
        write.commit();
        sync.setPublished(true);
        sync.setCopied(true);
        sync.setBytesCopied(writtenSize);
    }
}
