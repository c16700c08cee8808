package backupsync.pipeline;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.concurrent.ExecutorService;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import backupsync.bandwidth.Bandwidth;
import backupsync.bandwidth.BandwidthLimits;
import backupsync.bandwidth.ThrottledInputStream;
import backupsync.storage.BackupStore;
import backupsync.storage.HashingInputStream;
import backupsync.storage.StagedWrite;
import backupsync.storage.StoreName;
import backupsync.storage.local.LocalStagedWrite;
import backupsync.storage.local.LocalStore;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Step "writeTemporaryFile": streams the source file into the staged write begun by "prepareCopy", reading it once
 * and, when metadata has an md5 to verify and the destination does not hash what lands itself, hashing it on the way
 * (the {@link HashingInputStream} is left as the body for "verifyCopy"). Between two local stores, with nothing to
 * hash and nobody able to cancel, the kernel copies. A resumed write reads the source from where it resumed; when
 * this node hashes, the prefix already on the destination is read back through the hash first (a local read, or a
 * remote store's that cannot hash where the file lies), so the MD5 checked is that of the whole file as it lies.
 */
public class WriteTemporaryFile implements Processor {
    private final int bufferSize;
    private final ExecutorService hashers;
    private final BandwidthLimits bandwidth;

    public WriteTemporaryFile(int bufferSize, ExecutorService hashers, BandwidthLimits bandwidth) {
        this.bufferSize = bufferSize;
        this.hashers = hashers;
        this.bandwidth = bandwidth;
    }

    /**
     * The copy's one buffer, for a file of {@code size} bytes. A fresh buffer is zeroed when allocated: zeroing a
     * whole MiB for a 4 KiB backup cost more than copying it, so a power of two from 4 KiB up to the configured
     * size is taken.
     */
    int writeBufferFor(long size) {
        long sizeClass = Long.highestOneBit(Math.max(4096, size) - 1) << 1;
        return (int) Math.min(bufferSize, sizeClass);
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        StagedWrite write = sync.getStagedWrite();
        BackupStore source = sync.getSourceStore();
        StoreName name = sync.getTargetName();
        long size = sync.getBackup().size();
        long from = write.resumedFrom();
        boolean verifyMd5 = sync.getBackup().expectedMd5() != null;
        // A remote destination hashes the file as it lands: "verifyCopy" checks that MD5, which covers the source too.
        boolean hashHere = verifyMd5 && !write.hashesWhatLands();

        List<Bandwidth> limits = bandwidth.forCopy(sync.getDestination().uuid(), sync.getPolicyUuid());
        // A copy that may be cancelled or held to a bandwidth limit must stream: a kernel copy of a whole file can be
        // neither stopped nor slowed half-way.
        if (!verifyMd5 && !CopyCancellation.isCancellable(exchange) && limits.stream().allMatch(limit -> limit.limitNow().isEmpty())
                && source instanceof LocalStore local && write instanceof LocalStagedWrite localWrite) {
            try (FileChannel in = local.openChannel(name)) {
                localWrite.transferFrom(in, size);
            }
            return;
        }
        byte[] buffer = new byte[writeBufferFor(size)];
        // Every limit is read at each read: a limit set or a timetable's hour reached mid-copy applies at once.
        InputStream in = CopyCancellation.cancellable(exchange, new ThrottledInputStream(source.openForReading(name, from), limits));
        long skip = 0;
        if (hashHere && from > 0) {
            InputStream prefix = new BoundedInputStream(sync.getDestinationStore().openForReading(write.temporaryName(), 0), from);
            in = new SequenceInputStream(prefix, in);
            skip = from;
        }
        // A file of one buffer or less is read in one go: hashed on this thread, a hand-over would cost more.
        HashingInputStream hashed = !hashHere ? null
                : size <= buffer.length ? HashingInputStream.inline(in) : new HashingInputStream(in, hashers);
        try (InputStream bytes = hashed == null ? in : hashed) {
            OutputStream out = write.stream();
            for (int n; (n = bytes.read(buffer)) >= 0; ) {
                checkLease(sync);
                // The prefix read back for the hash is on the destination already.
                int held = (int) Math.min(n, skip);
                skip -= held;
                out.write(buffer, held, n - held);
            }
        }
        exchange.getMessage().setBody(hashed);
    }

    /** Another node took this sync's reservation over (its heartbeat was lost): it must not write on. */
    static void checkLease(SyncContext sync) {
        if (sync.isLeaseLost()) {
            throw new ApiException(ZStackError.OPERATION_ERROR,
                    "the sync of database backup[uuid:%s] to backup storage[uuid:%s] lost its reservation to another node; its copy stopped"
                            .formatted(sync.getBackupUuid(), sync.getDestination().uuid()));
        }
    }

    /** The first {@code limit} bytes of a stream: the resumed prefix of a file that is growing while it is read. */
    private static final class BoundedInputStream extends FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n < 0) {
                throw new IOException("the resumed prefix ended " + left + " bytes short");
            }
            left -= n;
            return n;
        }
    }
}
