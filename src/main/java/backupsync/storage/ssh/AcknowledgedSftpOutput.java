package backupsync.storage.ssh;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpAckData;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;

/**
 * MINA's pipelined SFTP write stream, telling how far the server has acknowledged: every byte before
 * {@link #acknowledged()} was written to the file on the host. OpenSSH's sftp-server answers a channel's requests in
 * order, and MINA takes the acknowledgements in order, so that prefix has no holes.
 */
final class AcknowledgedSftpOutput extends SftpOutputStreamAsync {

    AcknowledgedSftpOutput(AbstractSftpClient client, String path, SftpClient.CloseableHandle handle) {
        // Buffer size 0: each write fits one SSH packet (larger writes were measured: no faster here).
        super(client, 0, path, handle, false);
    }

    /** Bytes from the start of the file that the server confirmed written; only on the writing thread. */
    long acknowledged() {
        SftpAckData oldestPending = pendingAcks.peek();
        return oldestPending != null ? oldestPending.offset : offset;
    }
}
