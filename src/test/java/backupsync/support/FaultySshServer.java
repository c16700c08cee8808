package backupsync.support;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.CopyOption;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An embedded MINA SSHD server (SFTP only, no exec) serving a local directory as "/", for the faults the real OpenSSH
 * cannot be made to show: a connection dropped after N bytes written, a refused rename, a full disk, a read-only
 * root, a server that stops answering, a changed host key. Faults are switched on and off while it runs.
 */
public final class FaultySshServer implements AutoCloseable {
    public static final String USER = "backup";

    private final Path directory;
    private final int port;
    private final String password = "pw-" + UUID.randomUUID();
    private final AtomicLong bytesWritten = new AtomicLong();
    private volatile KeyPair hostKey;
    private volatile SshServer server;

    private volatile long dropConnectionAfterBytes = -1;
    private volatile long diskFullAfterBytes = -1;
    private volatile boolean refuseRename;
    private volatile boolean readOnly;
    private volatile CountDownLatch hang;

    private FaultySshServer(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    public static FaultySshServer start(Path directory) throws IOException, GeneralSecurityException {
        FaultySshServer faulty = new FaultySshServer(directory, ServiceRunner.freePort());
        faulty.hostKey = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        faulty.launch();
        return faulty;
    }

    private void launch() throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPasswordAuthenticator((username, offered, session) -> USER.equals(username) && password.equals(offered));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(new Faults());
        sshd.setSubsystemFactories(List.of(sftp));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(directory));
        sshd.start();
        server = sshd;
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    public String hostKeyFingerprint() {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostKey.getPublic());
    }

    /** Restarts on the same port with a newly generated host key: the host as re-installed, or someone in the middle. */
    public void changeHostKey() throws IOException, GeneralSecurityException {
        server.stop(true);
        hostKey = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        launch();
    }

    /** Closes the connection of the write that takes the total written past {@code bytes} (counted from now). */
    public void dropConnectionAfter(long bytes) {
        bytesWritten.set(0);
        dropConnectionAfterBytes = bytes;
    }

    /** Fails every write past {@code bytes} (counted from now) as a full disk does. */
    public void diskFullAfter(long bytes) {
        bytesWritten.set(0);
        diskFullAfterBytes = bytes;
    }

    public void refuseRename(boolean refuse) {
        refuseRename = refuse;
    }

    /** Refuses every open for writing, mkdir, rename and remove, as a read-only mount does. */
    public void readOnly(boolean on) {
        readOnly = on;
    }

    /** Stops answering writes (the SFTP channel hangs; the connection itself stays up) until {@link #answerAgain}. */
    public void stopAnsweringWrites() {
        hang = new CountDownLatch(1);
    }

    public void answerAgain() {
        CountDownLatch latch = hang;
        hang = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    public void clearFaults() {
        dropConnectionAfterBytes = -1;
        diskFullAfterBytes = -1;
        refuseRename = false;
        readOnly = false;
        answerAgain();
    }

    @Override
    public void close() throws IOException {
        answerAgain();
        server.stop(true);
    }

    private final class Faults implements SftpEventListener {
        @Override
        public void opening(ServerSession session, String remoteHandle, Handle localHandle) throws IOException {
            if (readOnly && localHandle instanceof FileHandle file && file.getOpenOptions().contains(StandardOpenOption.WRITE)) {
                throw new AccessDeniedException(localHandle.getFile().toString(), null, "read-only file system");
            }
        }

        @Override
        public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                            int dataOffset, int dataLen) throws IOException {
            CountDownLatch latch = hang;
            if (latch != null) {
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            long total = bytesWritten.addAndGet(dataLen);
            if (dropConnectionAfterBytes >= 0 && total > dropConnectionAfterBytes) {
                session.close(true);
                throw new IOException("connection dropped by the test server");
            }
            if (diskFullAfterBytes >= 0 && total > diskFullAfterBytes) {
                throw new FileSystemException(localHandle.getFile().toString(), null, "No space left on device");
            }
        }

        @Override
        public void creating(ServerSession session, Path path, Map<String, ?> attrs) throws IOException {
            if (readOnly) {
                throw new AccessDeniedException(path.toString(), null, "read-only file system");
            }
        }

        @Override
        public void moving(ServerSession session, Path srcPath, Path dstPath, Collection<CopyOption> opts) throws IOException {
            if (readOnly) {
                throw new AccessDeniedException(srcPath.toString(), null, "read-only file system");
            }
            if (refuseRename) {
                throw new IOException("rename refused by the test server");
            }
        }

        @Override
        public void removing(ServerSession session, Path path, boolean isDirectory) throws IOException {
            if (readOnly) {
                throw new AccessDeniedException(path.toString(), null, "read-only file system");
            }
        }
    }
}
