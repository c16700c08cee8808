package backupsync.storage.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import backupsync.storage.StagedWrite;
import backupsync.storage.StoreName;

/**
 * One staged write on a remote store. The bytes go through MINA's asynchronous SFTP stream, which sends each write
 * without waiting for the one before to be acknowledged (the SSH channel window bounds what is in flight, so memory
 * stays a few packets). Where exec is allowed, the host hashes the file as it grows ({@link GrowingFileMd5}), fed
 * with what the server has acknowledged, so the MD5 of what landed is ready soon after the last write instead of
 * costing a second pass. The file handle stays open from begin to commit: finishWriting fsyncs it
 * (fsync@openssh.com) before the size is checked, then commit renames the temporary file over the target with
 * posix-rename@openssh.com (one rename(2) on the host).
 */
final class SshStagedWrite implements StagedWrite {
    private static final Logger LOG = LoggerFactory.getLogger(SshStagedWrite.class);

    private enum State { WRITING, FINISHED, COMMITTED, ABORTED }

    private final SshStore store;
    private final SshConnections.Sftp sftp;
    private final StoreName target;
    private final StoreName temporary;
    private final SftpClient.CloseableHandle handle;
    private final SshStore.Counting stream;
    private final boolean hashedWhereItLands;
    /** Null when exec is off or the hashing broke; then the MD5 is computed after the write, in a second pass. */
    private volatile GrowingFileMd5 hasher;
    private State state = State.WRITING;

    private final SshWriteBehind writeBehind;

    /** {@code hasher} may be null (no exec): the MD5 of what landed is then computed after the write. */
    SshStagedWrite(SshStore store, SshConnections.Sftp sftp, StoreName target, StoreName temporary,
                   SftpClient.CloseableHandle handle, GrowingFileMd5 hasher, SshWriteBehind writeBehind) {
        this.store = store;
        this.sftp = sftp;
        this.target = target;
        this.temporary = temporary;
        this.handle = handle;
        this.hasher = hasher;
        this.hashedWhereItLands = hasher != null;
        this.writeBehind = writeBehind;
        AcknowledgedSftpOutput out = new AcknowledgedSftpOutput(sftp.asyncCapable(), store.paths().file(temporary), handle);
        this.stream = new SshStore.Counting(hasher == null ? out : new FeedingHasher(out), store, "write " + temporary);
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
        return stream.count();
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
            // fsync first, so the size checked and the MD5 computed on the host are those of what is on its disk.
            OpenSSHFsyncExtension fsync = client.getExtension(OpenSSHFsyncExtension.class);
            if (fsync == null || !fsync.isSupported()) {
                throw new IOException("the SFTP server does not offer fsync@openssh.com; refusing a copy a crash of the host could lose");
            }
            fsync.fsync(handle);
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
        if (hasher == null) {
            return store.md5AtStore(temporary);
        }
        try {
            // The last piece and what the host had not caught up with yet: at most a few pieces at md5sum's speed.
            return Optional.of(hasher.md5(store.md5Timeout(size)));
        } catch (IOException e) {
            throw store.failure("compute the MD5 of " + temporary, e);
        } finally {
            hasher.close();
            hasher = null;
        }
    }

    /** The hashing on the host stopped early: the write goes on, and its MD5 is computed in a second pass. */
    private void dropHasher(IOException cause) {
        LOG.warn("hashing {} on {} while it is written stopped ({}); it will be hashed after the write",
                temporary, store.location(), cause.getMessage());
        hasher.close();
        hasher = null;
    }

    @Override
    public synchronized void commit() throws IOException {
        if (state != State.FINISHED) {
            throw new IllegalStateException("commit of " + target + " before finishWriting (" + state + ")");
        }
        SftpClient client = sftp.client();
        String from = store.paths().file(temporary);
        String to = store.paths().file(target);
        try {
            // Made durable by finishWriting, before it was verified.
            handle.close();
            // The target may have become a link that leads out since the write began.
            store.paths().confine(client, target);
            OpenSSHPosixRenameExtension posixRename = client.getExtension(OpenSSHPosixRenameExtension.class);
            if (posixRename != null && posixRename.isSupported()) {
                posixRename.posixRename(from, to);
            } else {
                // A plain SFTP rename refuses an existing target: atomic when there is none, never a delete-then-rename.
                client.rename(from, to);
            }
        } catch (SshStoreException e) {
            throw e;
        } catch (IOException e) {
            throw store.failure("publish " + temporary + " as " + target, e);
        }
        state = State.COMMITTED;
        sftp.close();
        try {
            store.syncFolder(target);
        } catch (IOException e) {
            // The file is complete and renamed; only the directory entry may still be in the host's page cache.
            LOG.warn("could not sync the folder of {} on {} after the rename: {}", target, store.location(), e.getMessage());
        }
    }

    @Override
    public synchronized boolean abort() {
        if (state == State.COMMITTED || state == State.ABORTED) {
            return false;
        }
        state = State.ABORTED;
        writeBehind.close();
        if (hasher != null) {
            hasher.close();
            hasher = null;
        }
        // Not flushing what is buffered nor waiting for acknowledgements: closing the channel drops them all, and the
        // host closes the handle with it.
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

    /** Reports each write's acknowledged prefix to the host's hasher; a hasher that fails is dropped, the write goes on. */
    private final class FeedingHasher extends OutputStream {
        private final AcknowledgedSftpOutput out;

        FeedingHasher(AcknowledgedSftpOutput out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            out.write(buffer, offset, length);
            GrowingFileMd5 feeding = hasher;
            if (feeding != null) {
                try {
                    feeding.acknowledged(out.acknowledged());
                } catch (IOException e) {
                    synchronized (SshStagedWrite.this) {
                        if (hasher == feeding) {
                            dropHasher(e);
                        }
                    }
                }
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
