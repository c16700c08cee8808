package backupsync.storage.ssh;

import java.io.IOException;
import java.util.EnumSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote twin of {@link backupsync.storage.WriteBehind}: while a copy writes a file on the host, fsync@openssh.com
 * on a handle of its own, over a channel of its own, every period, so the host's disk works while the copy goes on
 * and the fsync before the rename has little left (0.7-1 s of a 1 GiB copy's 5 s here). fsync is per file, so a
 * read-only handle will do. Only where a channel is free at once: it speeds things up, it must not hold a copy up.
 */
final class SshWriteBehind implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshWriteBehind.class);
    static final SshWriteBehind NONE = new SshWriteBehind(null, null, null, null, null);

    private final SshConnections.Sftp sftp;
    private final SftpClient.CloseableHandle handle;
    private final OpenSSHFsyncExtension fsync;
    private final LongSupplier acknowledged;
    private final LongConsumer durable;
    private ScheduledFuture<?> task;
    private boolean closed;

    private SshWriteBehind(SshConnections.Sftp sftp, SftpClient.CloseableHandle handle, OpenSSHFsyncExtension fsync,
                           LongSupplier acknowledged, LongConsumer durable) {
        this.sftp = sftp;
        this.handle = handle;
        this.fsync = fsync;
        this.acknowledged = acknowledged;
        this.durable = durable;
    }

    /**
     * NONE when there is no scheduler, no free channel, or the server has no fsync@openssh.com.
     *
     * @param acknowledged how far the host has acknowledged the writes
     * @param durable      told, after each fsync, how many bytes it made durable (those acknowledged before it began)
     */
    static SshWriteBehind start(SshConnections connections, String path, ScheduledExecutorService flushers, long periodMs,
                                LongSupplier acknowledged, LongConsumer durable) {
        if (flushers == null) {
            return NONE;
        }
        SshConnections.Sftp sftp = null;
        try {
            sftp = connections.sftpIfFree();
            if (sftp == null) {
                return NONE;
            }
            OpenSSHFsyncExtension fsync = sftp.client().getExtension(OpenSSHFsyncExtension.class);
            if (fsync == null || !fsync.isSupported()) {
                sftp.close();
                return NONE;
            }
            SshWriteBehind writeBehind = new SshWriteBehind(sftp, sftp.client().open(path, EnumSet.of(OpenMode.Read)), fsync,
                    acknowledged, durable);
            writeBehind.task = flushers.scheduleWithFixedDelay(writeBehind::flush, periodMs, periodMs, TimeUnit.MILLISECONDS);
            return writeBehind;
        } catch (IOException | RuntimeException e) {
            LOG.debug("no write-behind for {}: {}", path, e.toString());
            if (sftp != null) {
                sftp.discard();
            }
            return NONE;
        }
    }

    private synchronized void flush() {
        if (closed) {
            return;
        }
        long before = acknowledged.getAsLong();
        try {
            fsync.fsync(handle);
            durable.accept(before);
        } catch (IOException e) {
            // The copy's own fsync before the rename is what counts; this one only spreads the work.
            LOG.debug("write-behind fsync: {}", e.toString());
        }
    }

    /** Stops flushing (waiting for a flush under way) and gives the channel back. */
    @Override
    public synchronized void close() {
        if (sftp == null || closed) {
            return;
        }
        closed = true;
        task.cancel(false);
        try {
            handle.close();
            sftp.close();
        } catch (IOException | RuntimeException e) {
            sftp.discard();
        }
    }
}
