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
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.extensions.openssh.AbstractOpenSSHExtensionParser;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * An embedded MINA SSHD server (SFTP only, no exec) serving a local directory as "/", for the faults the real OpenSSH
 * cannot be made to show: a connection dropped after N bytes written, a refused rename, a full disk, a read-only
 * root, a server that stops answering, a changed host key. Faults are switched on and off while it runs.
 */
public final class FaultySshServer implements AutoCloseable {
    public static final String USER = "backup";

    private final Path directory;
    private final String host;
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
    private volatile long flipByteAt = -1;
    private final java.util.concurrent.atomic.AtomicLong fsyncs = new java.util.concurrent.atomic.AtomicLong();

    private FaultySshServer(Path directory, String host, int port) {
        this.directory = directory;
        this.host = host;
        this.port = port;
    }

    public static FaultySshServer start(Path directory) throws IOException, GeneralSecurityException {
        return start(directory, "127.0.0.1");
    }

    /** On another loopback address (127.0.0.2, ...): ImageStoreBackupStorageVO.hostname is unique per store. */
    public static FaultySshServer start(Path directory, String host) throws IOException, GeneralSecurityException {
        FaultySshServer faulty = new FaultySshServer(directory, host, ServiceRunner.freePort());
        faulty.hostKey = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        faulty.launch();
        return faulty;
    }

    private void launch() throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost(host);
        sshd.setPort(port);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPasswordAuthenticator((username, offered, session) -> USER.equals(username) && password.equals(offered));
        // With statvfs@openssh.com, which MINA's server lacks and the store needs for free space (OpenSSH has it).
        Faults faults = new Faults();
        SftpSubsystemFactory sftp = new SftpSubsystemFactory() {
            @Override
            public org.apache.sshd.server.command.Command createSubsystem(org.apache.sshd.server.channel.ChannelSession channel) {
                SftpSubsystem subsystem = new WithStatvfs(channel, this);
                subsystem.addSftpEventListener(faults);
                return subsystem;
            }
        };
        sshd.setSubsystemFactories(List.of(sftp));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(directory));
        sshd.setCommandFactory((channel, command) -> new FaultyCommand(directory, command));
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

    /**
     * Flips one bit of the byte at {@code offset} of the next files written, as they land: the sender's hash is right,
     * what is on the disk is not (only md5sum on the host sees it).
     */
    public void flipByteAt(long offset) {
        flipByteAt = offset;
    }

    /** fsync@openssh.com requests served so far. */
    public long fsyncs() {
        return fsyncs.get();
    }

    public void clearFaults() {
        flipByteAt = -1;
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

    private final class WithStatvfs extends SftpSubsystem {
        private static final String STATVFS = "statvfs@openssh.com";

        WithStatvfs(org.apache.sshd.server.channel.ChannelSession channel, SftpSubsystemFactory factory) {
            super(channel, factory);
        }

        @Override
        protected List<AbstractOpenSSHExtensionParser.OpenSSHExtension> resolveOpenSSHExtensions(ServerSession session) {
            List<AbstractOpenSSHExtensionParser.OpenSSHExtension> extensions = new java.util.ArrayList<>(super.resolveOpenSSHExtensions(session));
            extensions.add(new AbstractOpenSSHExtensionParser.OpenSSHExtension(STATVFS, "2"));
            return extensions;
        }

        @Override
        protected void executeExtendedCommand(Buffer buffer, int id, String extension) throws IOException {
            if ("fsync@openssh.com".equals(extension)) {
                fsyncs.incrementAndGet();
            }
            if (!STATVFS.equals(extension)) {
                super.executeExtendedCommand(buffer, id, extension);
                return;
            }
            buffer.getString();
            java.nio.file.FileStore store = java.nio.file.Files.getFileStore(directory);
            long unit = 4096;
            Buffer reply = prepareReply(buffer);
            reply.putByte((byte) SftpConstants.SSH_FXP_EXTENDED_REPLY);
            reply.putInt(id);
            for (long value : new long[] {unit, unit, store.getTotalSpace() / unit, store.getUnallocatedSpace() / unit,
                    store.getUsableSpace() / unit, 1 << 20, 1 << 20, 1 << 20, 1, 0, 255}) {
                reply.putLong(value);
            }
            send(reply);
        }
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
            long flip = flipByteAt;
            if (flip >= offset && flip < offset + dataLen) {
                data[dataOffset + (int) (flip - offset)] ^= 1;
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
