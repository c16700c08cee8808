package backupsync.storage.ssh;

import java.io.IOException;
import java.io.OutputStream;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import backupsync.storage.StagedWrite;
import backupsync.storage.StoreName;

/**
 * One staged write on a remote store. The bytes go through MINA's asynchronous SFTP stream, which sends each write
 * without waiting for the one before to be acknowledged (the SSH channel window bounds what is in flight, so memory
 * stays a few packets). The file handle stays open from begin to commit: finishWriting fsyncs it
 * (fsync@openssh.com) before the size and MD5 are checked, then commit renames the temporary file over the target
 * with posix-rename@openssh.com (one rename(2) on the host).
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
    private State state = State.WRITING;

    SshStagedWrite(SshStore store, SshConnections.Sftp sftp, StoreName target, StoreName temporary,
                   SftpClient.CloseableHandle handle) {
        this.store = store;
        this.sftp = sftp;
        this.target = target;
        this.temporary = temporary;
        this.handle = handle;
        // Buffer size 0: MINA sizes each write to fit one SSH packet; a later issue tunes it for high latency.
        OutputStream out = new SftpOutputStreamAsync(sftp.asyncCapable(), 0, store.paths().file(temporary), handle, false);
        this.stream = new SshStore.Counting(out, store, "write " + temporary);
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
    public synchronized long finishWriting() throws IOException {
        if (state != State.WRITING && state != State.FINISHED) {
            throw new IllegalStateException("the staged write of " + target + " is " + state);
        }
        // Closing the stream sends what is buffered and waits for every write's acknowledgement (or its error).
        stream.close();
        state = State.FINISHED;
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
}
