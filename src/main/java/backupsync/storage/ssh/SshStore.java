package backupsync.storage.ssh;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHLimitsExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatExtensionInfo;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatPathExtension;
import org.apache.sshd.sftp.client.impl.SftpInputStreamAsync;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import backupsync.storage.BackupStore;
import backupsync.storage.ClaimedSpace;
import backupsync.storage.StagedWrite;
import backupsync.storage.StoragePathException;
import backupsync.storage.StoreName;
import backupsync.storage.TemporaryNames;

/**
 * An image store that is a directory on another host, reached over SSH: SFTP for the data, an exec channel for
 * {@code md5sum}. The host key is pinned ({@link PinnedHostKey}); every operation first checks that the name, through
 * the links of what exists on the host, stays under the root ({@link RemotePaths}). Failures are
 * {@link SshStoreException}s naming {@code user@host:port:/root}.
 */
public class SshStore implements BackupStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SshStore.class);
    /** Same convention as the local store: a dot, the target's name, the request, {@code .part}. */
    private static final Pattern MD5SUM_LINE = Pattern.compile("^\\\\?([0-9a-fA-F]{32}) ");
    /** md5sum reads well above this on any disk; the bound only catches a hung command. */
    private static final long MD5_BYTES_PER_SECOND_AT_LEAST = 20L << 20;
    /** Each SFTP read asks for this much when the server does not say its limit (limits@openssh.com). */
    private static final int DEFAULT_READ_REQUEST_BYTES = 64 * 1024;
    /** OpenSSH's sftp-server answers reads up to 255 KiB; fewer, larger answers cost less per byte on both ends. */
    private static final int MAX_READ_REQUEST_BYTES = 255 * 1024;

    private final SshStoreSettings settings;
    private final SshConnections connections;
    private final RemotePaths paths;
    private final ScheduledExecutorService flushers;
    private final long writeBehindMs;
    private final ClaimedSpace claimedSpace = new ClaimedSpace();
    private final AtomicLong resumedReads = new AtomicLong();
    /** Asked of the server once, on the first read. */
    private volatile int readRequestBytes;

    public SshStore(SshStoreSettings settings) {
        this(settings, null, 0);
    }

    /**
     * @param flushers      fsyncs files on the host while copies write them ({@link SshWriteBehind}); null: none
     * @param writeBehindMs how often ({@code backupsync.copy.write-behind-period}, as for local stores)
     */
    public SshStore(SshStoreSettings settings, ScheduledExecutorService flushers, long writeBehindMs) {
        this.settings = settings;
        this.connections = new SshConnections(settings);
        this.paths = new RemotePaths(settings.endpoint());
        this.flushers = flushers;
        this.writeBehindMs = writeBehindMs;
    }

    public SshStoreSettings settings() {
        return settings;
    }

    @Override
    public String location() {
        return settings.endpoint().location();
    }

    @Override
    public OptionalLong size(StoreName name) throws IOException {
        try (SshConnections.Sftp sftp = connections.sftp()) {
            paths.confine(sftp.client(), name);
            SftpClient.Attributes attributes = sftp.client().stat(paths.file(name));
            return attributes.isRegularFile() ? OptionalLong.of(attributes.getSize()) : OptionalLong.empty();
        } catch (SftpException e) {
            if (RemotePaths.isMissing(e)) {
                return OptionalLong.empty();
            }
            throw failure("stat " + name, e);
        } catch (SshStoreException e) {
            throw e;
        } catch (IOException e) {
            throw failure("stat " + name, e);
        }
    }

    /** A read that the link cuts off reconnects and goes on from where it was ({@link ResumingRead}). */
    @Override
    public InputStream openForReading(StoreName name, long offset) throws IOException {
        return new ResumingRead(this, name, offset, open(name, offset));
    }

    /** One SFTP channel reading {@code name} from {@code offset}; {@link ResumingRead} takes another after a cut. */
    Lent open(StoreName name, long offset) throws IOException {
        SshConnections.Sftp sftp = connections.sftp();
        try {
            paths.confine(sftp.client(), name);
            SftpClient.CloseableHandle handle = sftp.client().open(paths.file(name), EnumSet.of(OpenMode.Read));
            long size = sftp.client().stat(handle).getSize();
            // Several reads in flight (MINA's async stream): the link's latency is paid once, not per buffer.
            InputStream in = new SftpInputStreamAsync(sftp.asyncCapable(), readRequestBytes(sftp.client()), offset, size,
                    paths.file(name), handle);
            return new Lent(in, sftp, "read " + name);
        } catch (IOException | RuntimeException e) {
            sftp.close();
            if (e instanceof SshStoreException || e instanceof RuntimeException) {
                throw e;
            }
            throw failure("open " + name + " for reading", (IOException) e);
        }
    }

    private int readRequestBytes(SftpClient client) throws IOException {
        int bytes = readRequestBytes;
        if (bytes == 0) {
            OpenSSHLimitsExtension limits = client.getExtension(OpenSSHLimitsExtension.class);
            long most = limits != null && limits.isSupported() ? limits.limits().maxReadLength : 0;
            bytes = most > 0 ? (int) Math.min(MAX_READ_REQUEST_BYTES, most) : DEFAULT_READ_REQUEST_BYTES;
            readRequestBytes = bytes;
        }
        return bytes;
    }

    @Override
    public StoreName temporaryNameFor(StoreName target, String requestId) {
        return TemporaryNames.of(target, requestId);
    }

    @Override
    public StagedWrite beginStagedWrite(StoreName target, String requestId) throws IOException {
        StoreName temporary = temporaryNameFor(target, requestId);
        SshConnections.Sftp sftp = connections.sftp();
        try {
            SftpClient client = sftp.client();
            paths.confine(client, target);
            paths.confine(client, temporary);
            ensureFolder(client, target);
            // Exclusive: never follow or reuse whatever already has that name, a link planted there included.
            SftpClient.CloseableHandle handle = client.open(paths.file(temporary),
                    EnumSet.of(OpenMode.Write, OpenMode.Create, OpenMode.Exclusive));
            return new SshStagedWrite(this, sftp, target, temporary, handle, 0);
        } catch (IOException | RuntimeException e) {
            sftp.close();
            if (e instanceof SshStoreException || e instanceof RuntimeException) {
                throw e;
            }
            throw failure("begin writing " + temporary, (IOException) e);
        }
    }

    @Override
    public StagedWrite resumeStagedWrite(StoreName target, String requestId, StoreName partial, long from) throws IOException {
        StoreName temporary = temporaryNameFor(target, requestId);
        if (!TemporaryNames.isOf(target, partial)) {
            throw new StoragePathException("%s is not a temporary file of %s".formatted(partial, target));
        }
        SshConnections.Sftp sftp = connections.sftp();
        try {
            SftpClient client = sftp.client();
            paths.confine(client, target);
            paths.confine(client, temporary);
            paths.confine(client, partial);
            if (!partial.equals(temporary)) {
                // A plain SFTP rename refuses an existing name: nothing else's file is taken over.
                client.rename(paths.file(partial), paths.file(temporary));
            }
            // No Create: the file must be the one renamed; gone means someone removed it meanwhile.
            SftpClient.CloseableHandle handle = client.open(paths.file(temporary), EnumSet.of(OpenMode.Write));
            long held = client.stat(handle).getSize();
            if (held < from) {
                handle.close();
                throw new IOException("cannot resume %s: it holds %d bytes, %d were recorded durable".formatted(temporary, held, from));
            }
            // Only the recorded prefix is sure to have reached the host's disk; what lies beyond goes again.
            SftpClient.Attributes cut = new SftpClient.Attributes();
            cut.setSize(from);
            client.setStat(handle, cut);
            return new SshStagedWrite(this, sftp, target, temporary, handle, from);
        } catch (IOException | RuntimeException e) {
            sftp.close();
            if (e instanceof SshStoreException || e instanceof RuntimeException) {
                throw e;
            }
            throw failure("resume writing " + temporary + " from byte " + from, (IOException) e);
        }
    }


    /** Flushing on the host while the file is written; NONE when there is no scheduler or no free channel. */
    SshWriteBehind writeBehindFor(StoreName temporary, LongSupplier acknowledged, LongConsumer durable) {
        return SshWriteBehind.start(connections, paths.file(temporary), flushers, writeBehindMs, acknowledged, durable);
    }

    /** Hashing on the host as the file grows, where exec is allowed; null when it is off, no channel is free, or it fails. */
    GrowingFileMd5 hasherFor(StoreName temporary) {
        if (!settings.md5AtStore()) {
            return null;
        }
        try {
            return GrowingFileMd5.startIfFree(connections, paths.file(temporary));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot hash {} on {} while it is written ({}); it will be hashed after the write",
                    temporary, location(), e.getMessage());
            return null;
        }
    }

    private void ensureFolder(SftpClient client, StoreName target) throws IOException {
        String folder = paths.folder(target);
        try {
            if (client.stat(folder).isDirectory()) {
                return;
            }
            throw new IOException(folder + " exists and is not a directory");
        } catch (SftpException e) {
            if (!RemotePaths.isMissing(e)) {
                throw e;
            }
        }
        try {
            client.mkdir(folder);
        } catch (SftpException e) {
            // Another copy into the same folder may have made it meanwhile.
            if (!client.stat(folder).isDirectory()) {
                throw e;
            }
        }
    }

    @Override
    public long freeSpace(StoreName name) throws IOException {
        try (SshConnections.Sftp sftp = connections.sftp()) {
            paths.confine(sftp.client(), name);
            String where;
            try {
                where = sftp.client().stat(paths.folder(name)).isDirectory() ? paths.folder(name) : paths.root();
            } catch (SftpException e) {
                if (!RemotePaths.isMissing(e)) {
                    throw e;
                }
                where = paths.root();
            }
            return freeBytes(sftp.client(), where);
        } catch (SshStoreException e) {
            throw e;
        } catch (IOException e) {
            throw failure("free space for " + name, e);
        }
    }

    private long freeBytes(SftpClient client, String path) throws IOException {
        OpenSSHStatPathExtension statvfs = client.getExtension(OpenSSHStatPathExtension.class);
        if (statvfs == null || !statvfs.isSupported()) {
            throw new IOException("the SFTP server does not offer statvfs@openssh.com, so free space cannot be known");
        }
        OpenSSHStatExtensionInfo info = statvfs.stat(path);
        long unit = info.f_frsize > 0 ? info.f_frsize : info.f_bsize;
        return info.f_bavail * unit;
    }

    @Override
    public Optional<List<String>> filesIn(String folder) throws IOException {
        StoreName probe = new StoreName(folder, "listing");
        List<String> found = new ArrayList<>();
        try (SshConnections.Sftp sftp = connections.sftp()) {
            // Confined like any name: a folder that is a link leading out of the root is refused.
            paths.confine(sftp.client(), probe);
            try (SftpClient.CloseableHandle directory = sftp.client().openDir(paths.folder(probe))) {
                for (SftpClient.DirEntry entry : sftp.client().listDir(directory)) {
                    if (entry.getAttributes().isRegularFile()) {
                        found.add(entry.getFilename());
                    }
                }
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            return Optional.of(found);
        } catch (SftpException e) {
            if (RemotePaths.isMissing(e)) {
                return Optional.of(List.of());
            }
            throw failure("list the files of " + folder, e);
        } catch (SshStoreException e) {
            throw e;
        } catch (IOException e) {
            throw failure("list the files of " + folder, e);
        }
    }

    @Override
    public List<StoreName> temporaryFilesOf(StoreName target) throws IOException {
        List<StoreName> found = new ArrayList<>();
        try (SshConnections.Sftp sftp = connections.sftp()) {
            paths.confine(sftp.client(), target);
            try (SftpClient.CloseableHandle folder = sftp.client().openDir(paths.folder(target))) {
                for (SftpClient.DirEntry entry : sftp.client().listDir(folder)) {
                    String file = entry.getFilename();
                    if (TemporaryNames.isOf(target, file)) {
                        found.add(target.sibling(file));
                    }
                }
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            return found;
        } catch (SftpException e) {
            if (RemotePaths.isMissing(e)) {
                return List.of();
            }
            throw failure("list the temporary files of " + target, e);
        } catch (SshStoreException e) {
            throw e;
        } catch (IOException e) {
            throw failure("list the temporary files of " + target, e);
        }
    }

    @Override
    public void delete(StoreName name) throws IOException {
        try (SshConnections.Sftp sftp = connections.sftp()) {
            paths.confine(sftp.client(), name);
            sftp.client().remove(paths.file(name));
        } catch (SftpException e) {
            if (!RemotePaths.isMissing(e)) {
                throw failure("delete " + name, e);
            }
        } catch (SshStoreException e) {
            throw e;
        } catch (IOException e) {
            throw failure("delete " + name, e);
        }
    }

    @Override
    public long checkRoot() throws IOException {
        String root = paths.root();
        try (SshConnections.Sftp sftp = connections.sftp()) {
            SftpClient client = sftp.client();
            SftpClient.Attributes attributes;
            try {
                attributes = client.stat(root);
            } catch (SftpException e) {
                if (RemotePaths.isMissing(e)) {
                    throw new SshStoreException(location(), "the root directory of the store %s does not exist".formatted(location()), e);
                }
                throw e;
            }
            if (!attributes.isDirectory()) {
                throw new SshStoreException(location(), "the root of the store %s is not a directory".formatted(location()), null);
            }
            String probe = root + "/.backup-sync-probe." + UUID.randomUUID() + TemporaryNames.SUFFIX;
            try {
                try (SftpClient.CloseableHandle handle = client.open(probe, EnumSet.of(OpenMode.Write, OpenMode.Create, OpenMode.Exclusive))) {
                    client.write(handle, 0, new byte[] {'o', 'k'});
                }
            } catch (IOException e) {
                throw new SshStoreException(location(), "the root of the store %s does not take a new file: %s"
                        .formatted(location(), e.getMessage()), e);
            } finally {
                try {
                    client.remove(probe);
                } catch (IOException ignored) {
                    // never created, or the link went down: the probe's name marks it as temporary for the cleanup
                }
            }
            return freeBytes(client, root);
        } catch (SshStoreException e) {
            throw e;
        } catch (IOException e) {
            throw failure("check the root", e);
        }
    }

    @Override
    public Optional<String> md5AtStore(StoreName name) throws IOException {
        if (!settings.md5AtStore()) {
            return Optional.empty();
        }
        OptionalLong size = size(name);
        if (size.isEmpty()) {
            throw new SshStoreException(location(), "cannot compute the MD5 of %s on %s: no such file".formatted(name, location()), null);
        }
        String output;
        try {
            output = connections.exec("md5sum -- " + ShellQuoting.singleQuoted(paths.file(name)), md5Timeout(size.getAsLong()));
        } catch (SshStoreException e) {
            throw e;
        } catch (IOException e) {
            throw failure("compute the MD5 of " + name, e);
        }
        Matcher md5 = MD5SUM_LINE.matcher(output);
        if (!md5.find()) {
            throw new SshStoreException(location(), "md5sum on %s answered no checksum for %s: '%s'"
                    .formatted(location(), name, output.strip()), null);
        }
        return Optional.of(md5.group(1).toLowerCase(java.util.Locale.ROOT));
    }

    /** How long md5sum may take over {@code bytes} on the host before it counts as hung. */
    Duration md5Timeout(long bytes) {
        return settings.readTimeout().plusSeconds(bytes / MD5_BYTES_PER_SECOND_AT_LEAST);
    }

    @Override
    public ClaimedSpace claimedSpace() {
        return claimedSpace;
    }

    /** Closes every connection to the host; the store is unusable afterwards. */
    @Override
    public void close() {
        connections.close();
    }

    @Override
    public String toString() {
        return "SshStore[" + location() + "]";
    }

    // For SshStagedWrite, which holds its channel from begin to commit or abort.

    RemotePaths paths() {
        return paths;
    }

    SshConnections connections() {
        return connections;
    }

    /** Makes a rename durable where exec is allowed: {@code sync} on the folder fsyncs its directory entries. */
    void syncFolder(StoreName name) throws IOException {
        if (settings.md5AtStore()) {
            connections.exec("sync -- " + ShellQuoting.singleQuoted(paths.folder(name)), settings.readTimeout());
        }
    }

    SshStoreException failure(String what, IOException cause) {
        return new SshStoreException(location(), "could not %s on %s: %s".formatted(what, location(), describe(cause)), cause);
    }

    private static String describe(IOException e) {
        if (e instanceof SftpException sftp) {
            return "%s (SFTP status %d)".formatted(sftp.getMessage(), sftp.getStatus());
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Reads that reconnected and went on, since the store was made (for tests and the log). */
    long resumedReads() {
        return resumedReads.get();
    }

    void countResumedRead() {
        resumedReads.incrementAndGet();
    }

    /** A stream that holds its SFTP channel until closed, and names the store when a read fails. */
    final class Lent extends FilterInputStream {
        private final SshConnections.Sftp sftp;
        private final String what;

        Lent(InputStream in, SshConnections.Sftp sftp, String what) {
            super(in);
            this.sftp = sftp;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw failure(what, e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return in.read(buffer, offset, length);
            } catch (IOException e) {
                throw failure(what, e);
            }
        }

        /** Drops the channel without the close handshake: after a failure of the link there is no one to answer. */
        void discard() {
            sftp.discard();
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } finally {
                sftp.close();
            }
        }
    }

    /** Counts what goes through, for {@link StagedWrite#bytesWritten}, and names the store when a write fails. */
    static final class Counting extends OutputStream {
        private final OutputStream out;
        private final SshStore store;
        private final String what;
        private volatile long count;

        Counting(OutputStream out, SshStore store, String what) {
            this.out = out;
            this.store = store;
            this.what = what;
        }

        long count() {
            return count;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            try {
                out.write(buffer, offset, length);
            } catch (IOException e) {
                throw store.failure(what, e);
            }
            count += length;
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw store.failure(what, e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                throw store.failure(what, e);
            }
        }
    }
}
