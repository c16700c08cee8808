package backupsync.storage.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.Optional;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import backupsync.storage.StagedWrite;
import backupsync.storage.StoreName;

/**
 * One staged write on a remote store. The bytes go through MINA's asynchronous SFTP stream, which sends each write
 * without waiting for the one before to be acknowledged (the SSH channel window bounds what is in flight, so memory
 * stays a few packets), striped over one or more channels ({@link StripedSftpOutput}) so that a long link holds
 * several windows in flight. Where exec is allowed, the host hashes the file as it grows ({@link GrowingFileMd5}), fed
 * with what the server has acknowledged, so the MD5 of what landed is ready soon after the last write instead of
 * costing a second pass. The file handle stays open from begin to commit: finishWriting fsyncs it
 * (fsync@openssh.com) before the size is checked, then commit renames the temporary file over the target with
 * posix-rename@openssh.com (one rename(2) on the host).
 *
 * <p>A write cut off by the link ({@link LinkFailures}) reconnects, reopens the temporary file, and resumes from the
 * size the host's file has (over one channel the server writes the requests in order, so that prefix is what was
 * sent), or over several channels from what was acknowledged without holes; what was sent after it is still in the
 * {@link ReplayBuffer}. A write may also begin from an earlier write's partial copy ({@link SshStore#resumeStagedWrite}). The caller sees one stream and counts each byte once;
 * the whole file is hashed on the host at the end as if nothing had happened.
 */
final class SshStagedWrite implements StagedWrite {
    private static final Logger LOG = LoggerFactory.getLogger(SshStagedWrite.class);
    /** Beyond the server's window: its input buffers and sftp-server's, which hold sent and unacknowledged writes too. */
    private static final int REPLAY_BEYOND_WINDOW = 4 << 20;
    private static final long REPLAY_MAX = 32L << 20;
    private static final long OPENSSH_WINDOW = 2L << 20;

    private enum State { WRITING, FINISHED, COMMITTED, ABORTED, SUSPENDED }

    private final SshStore store;
    private final StoreName target;
    private final StoreName temporary;
    private final String path;
    private final SshStore.Counting stream;
    private final ReplayBuffer replay;
    private final boolean hashedWhereItLands;
    private final long resumedFrom;
    /** How far the host has acknowledged, published by the writing thread for the write-behind. */
    private volatile long acknowledged;
    /** What the last write-behind fsync (or the resumed prefix) made durable on the host. */
    private volatile long durable;
    // Replaced when the write resumes over a new channel.
    private SshConnections.Sftp sftp;
    private SftpClient.CloseableHandle handle;
    private StripedSftpOutput out;
    /** Null when exec is off or the hashing broke; then the MD5 is computed after the write, in a second pass. */
    private volatile GrowingFileMd5 hasher;
    private SshWriteBehind writeBehind;
    private long resumes;
    private final Reconnects reconnects;
    private State state = State.WRITING;

    SshStagedWrite(SshStore store, SshConnections.Sftp sftp, StoreName target, StoreName temporary,
                   SftpClient.CloseableHandle handle, long from) {
        this.store = store;
        this.target = target;
        this.temporary = temporary;
        this.path = store.paths().file(temporary);
        this.hashedWhereItLands = store.settings().md5AtStore();
        this.replay = new ReplayBuffer(replayCapacity(sftp, store.settings().writeChannels()));
        this.reconnects = new Reconnects(store.settings());
        this.resumedFrom = from;
        this.acknowledged = from;
        this.durable = from;
        replay.skipTo(from);
        attach(sftp, handle, from);
        this.stream = new SshStore.Counting(new Resuming(), store, "write " + temporary);
    }

    /** What a resume may need again: each write channel's window and the stripe it is on, and the server's buffers. */
    private static int replayCapacity(SshConnections.Sftp sftp, int channels) {
        // At least OpenSSH's 2 MiB: the window MINA reports before the first write can be smaller than it will be.
        long window = Math.max(OPENSSH_WINDOW, sftp.asyncCapable().getChannel().getRemoteWindow().getMaxSize());
        return (int) Math.min(REPLAY_MAX, channels * (window + StripedSftpOutput.STRIPE) + REPLAY_BEYOND_WINDOW);
    }

    /** Writes go to {@code handle} from {@code offset} on; the host's hashing and flushing start (again) with it. */
    private void attach(SshConnections.Sftp channel, SftpClient.CloseableHandle fileHandle, long offset) {
        this.sftp = channel;
        this.handle = fileHandle;
        this.out = StripedSftpOutput.open(store.connections(), channel, path, fileHandle, offset,
                store.settings().writeChannels());
        // The host hashes from the start: it reads the file it has, nothing crosses the link again.
        this.hasher = store.hasherFor(temporary);
        this.writeBehind = store.writeBehindFor(temporary, () -> acknowledged, flushed -> durable = flushed);
    }

    @Override
    public StoreName temporaryName() {
        return temporary;
    }

    @Override
    public StoreName target() {
        return target;
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public long bytesWritten() {
        return resumedFrom + stream.count();
    }

    @Override
    public long resumedFrom() {
        return resumedFrom;
    }

    @Override
    public long durableBytes() {
        return durable;
    }

    /** The SFTP channels the write is spread over now. */
    int writeChannels() {
        return out.channels();
    }

    /** How often this write reconnected and resumed. */
    long resumes() {
        return resumes;
    }

    @Override
    public boolean hashesWhatLands() {
        return hashedWhereItLands;
    }

    @Override
    public synchronized long finishWriting() throws IOException {
        if (state != State.WRITING && state != State.FINISHED) {
            throw new IllegalStateException("the staged write of " + target + " is " + state);
        }
        // Closing the stream sends what is buffered and waits for every write's acknowledgement (or its error).
        stream.close();
        state = State.FINISHED;
        if (hasher != null) {
            try {
                // The host hashes the last piece while the fsync below runs.
                hasher.allWritten();
            } catch (IOException e) {
                dropHasher(e);
            }
        }
        writeBehind.close();
        SftpClient client = sftp.client();
        try {
            // fsync first, so the size checked is that of what is on the host's disk.
            OpenSSHFsyncExtension fsync = client.getExtension(OpenSSHFsyncExtension.class);
            if (fsync == null || !fsync.isSupported()) {
                throw new IOException("the SFTP server does not offer fsync@openssh.com; refusing a copy a crash of the host could lose");
            }
            fsync.fsync(handle);
            durable = bytesWritten();
            return client.stat(handle).getSize();
        } catch (IOException e) {
            throw store.failure("fsync and stat " + temporary, e);
        }
    }

    @Override
    public synchronized Optional<String> md5WhereItLanded(long size) throws IOException {
        if (state != State.FINISHED) {
            throw new IllegalStateException("the MD5 of " + target + " before finishWriting (" + state + ")");
        }
        GrowingFileMd5 growing = hasher;
        if (growing == null) {
            return store.md5AtStore(temporary);
        }
        try {
            // The last piece and what the host had not caught up with yet: at most a few pieces at md5sum's speed.
            return Optional.of(growing.md5(store.md5Timeout(size)));
        } catch (IOException e) {
            throw store.failure("compute the MD5 of " + temporary, e);
        } finally {
            growing.close();
            hasher = null;
        }
    }

    /** The hashing on the host stopped early: the write goes on, and its MD5 is computed in a second pass. */
    private synchronized void dropHasher(IOException cause) {
        GrowingFileMd5 dropped = hasher;
        if (dropped != null) {
            LOG.warn("hashing {} on {} while it is written stopped ({}); it will be hashed after the write",
                    temporary, store.location(), cause.getMessage());
            dropped.close();
            hasher = null;
        }
    }

    @Override
    public synchronized void commit() throws IOException {
        if (state != State.FINISHED) {
            throw new IllegalStateException("commit of " + target + " before finishWriting (" + state + ")");
        }
        SftpClient client = sftp.client();
        String to = store.paths().file(target);
        try {
            // Made durable by finishWriting, before it was verified.
            handle.close();
            // The target may have become a link that leads out since the write began.
            store.paths().confine(client, target);
            OpenSSHPosixRenameExtension posixRename = client.getExtension(OpenSSHPosixRenameExtension.class);
            if (posixRename != null && posixRename.isSupported()) {
                posixRename.posixRename(path, to);
            } else {
                // A plain SFTP rename refuses an existing target: atomic when there is none, never a delete-then-rename.
                client.rename(path, to);
            }
        } catch (SshStoreException e) {
            throw e;
        } catch (IOException e) {
            throw store.failure("publish " + temporary + " as " + target, e);
        }
        state = State.COMMITTED;
        sftp.close();
        // Unasked (no MD5 to check): its channel and the host's loop end here.
        closeHasher();
        try {
            store.syncFolder(target);
        } catch (IOException e) {
            // The file is complete and renamed; only the directory entry may still be in the host's page cache.
            LOG.warn("could not sync the folder of {} on {} after the rename: {}", target, store.location(), e.getMessage());
        }
    }

    @Override
    public synchronized long suspend() {
        if (state != State.COMMITTED && state != State.ABORTED && state != State.SUSPENDED) {
            state = State.SUSPENDED;
            // As abort, without the delete: what is unacknowledged is dropped, what the host holds stays for a resume.
            detach();
        }
        return durable;
    }

    @Override
    public synchronized boolean abort() {
        if (state == State.COMMITTED || state == State.ABORTED) {
            return false;
        }
        // A suspended write is left for a resume: that sync's reservation now owns the file.
        if (state == State.SUSPENDED) {
            return false;
        }
        state = State.ABORTED;
        writeBehind.close();
        closeHasher();
        // Not flushing what is buffered nor waiting for acknowledgements: closing the channel drops them all, and the
        // host closes the handle with it.
        out.discardExtraChannels();
        sftp.discard();
        // A fresh channel: the one the write held may have died with its connection; the pool replaces it. The file
        // was created when the write began (its handle opened), so a delete that went through removed it.
        try {
            store.delete(temporary);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete {} on {}: {}", temporary, store.location(), e.toString());
            return false;
        }
    }

    /**
     * After a failure of the link: reconnect, reopen the temporary file, and send again what the host does not hold,
     * within the write's {@link Reconnects} budget. Anything else, or a host whose file lies further back than the
     * replay buffer reaches, fails as it came.
     */
    private void resumeAfter(IOException failure) throws IOException {
        reconnects.after(failure,
                (cause, wait, left) -> LOG.warn("writing {} to {} was cut off at byte {} ({}); reconnecting in {} ms ({} more tries after this one)",
                        temporary, store.location(), replay.end(), cause.getMessage(), wait.toMillis(), left),
                this::detach, this::reattach);
    }

    private void detach() {
        writeBehind.close();
        closeHasher();
        out.discardExtraChannels();
        sftp.discard();
    }

    private void closeHasher() {
        GrowingFileMd5 growing = hasher;
        hasher = null;
        if (growing != null) {
            growing.close();
        }
    }

    private void reattach() throws IOException {
        // Over one channel the server writes in order, so the host's file is what was sent; over several, a later
        // stripe may have landed before an earlier one: only what was acknowledged is known to have no holes.
        boolean striped = out.channels() > 1;
        SshConnections.Sftp channel = store.connections().sftp();
        StripedSftpOutput attached = null;
        try {
            SftpClient client = channel.client();
            store.paths().confine(client, temporary);
            // No Create: the file must be the one this write made; gone means someone removed it, and that is final.
            SftpClient.CloseableHandle reopened = client.open(path, EnumSet.of(OpenMode.Write));
            long held = client.stat(reopened).getSize();
            long from = striped ? Math.min(held, acknowledged) : held;
            if (from < replay.start() || from > replay.end()) {
                reopened.close();
                throw new IOException("cannot resume %s: the host holds %d bytes (%d acknowledged), this node still has bytes %d to %d"
                        .formatted(temporary, held, acknowledged, replay.start(), replay.end()));
            }
            attach(channel, reopened, from);
            attached = out;
            replay.replay(from, out);
            resumes++;
            LOG.info("resumed writing {} to {} at byte {} ({} bytes sent again)", temporary, store.location(), from,
                    replay.end() - from);
        } catch (IOException | RuntimeException e) {
            if (attached != null) {
                attached.discardExtraChannels();
            }
            channel.discard();
            throw e;
        }
    }

    /** What the caller writes to: kept for a resume, sent, and reported to the host's hasher as it is acknowledged. */
    private final class Resuming extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            replay.append(buffer, offset, length);
            try {
                out.write(buffer, offset, length);
            } catch (IOException e) {
                // The replay after the reconnect sends these bytes too.
                resumeAfter(e);
            }
            acknowledged = out.acknowledged();
            GrowingFileMd5 feeding = hasher;
            if (feeding != null) {
                try {
                    feeding.acknowledged(acknowledged);
                } catch (IOException e) {
                    dropHasher(e);
                }
            }
        }

        @Override
        public void close() throws IOException {
            while (true) {
                try {
                    out.close();
                    return;
                } catch (IOException e) {
                    resumeAfter(e);
                }
            }
        }
    }
}
