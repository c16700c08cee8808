package backupsync.storage.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ScheduledExecutorService;

import backupsync.storage.StagedWrite;
import backupsync.storage.StoreName;
import backupsync.storage.WriteBehind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file written as {@code .<file>.<requestId>.part} beside its target, then fsynced, renamed over the target with
 * ATOMIC_MOVE and the folder fsynced. A store that cannot rename atomically is refused: readers could see a
 * half-written file. The temporary file is created by the first byte (or by the commit of an empty file), so a copy
 * that fails before writing anything leaves nothing to remove and says so.
 */
public final class LocalStagedWrite implements StagedWrite {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStagedWrite.class);
    /** A kernel copy goes in pieces of this size, so progress and claimed space move while it runs. */
    private static final long TRANSFER_CHUNK = 8L << 20;

    private final LocalStore store;
    private final StoreName target;
    private final Path targetFile;
    private final StoreName temporary;
    private final Path temporaryFile;
    private final ScheduledExecutorService flushers;
    private final long writeBehindMs;
    /** Opened (and the file created) by the first write; null before. */
    private FileChannel channel;
    private final OutputStream stream;
    /** Written by the copying thread, read by claimed space and progress; a resumed write starts at its prefix. */
    private volatile long written;
    private final long resumedFrom;
    /** What the last write-behind flush (or the resumed prefix) made durable. */
    private volatile long durable;
    private WriteBehind writeBehind = WriteBehind.NONE;
    private boolean finished;
    private boolean committed;
    private boolean aborted;

    LocalStagedWrite(LocalStore store, StoreName target, Path targetFile, StoreName temporary, Path temporaryFile,
                     ScheduledExecutorService flushers, long writeBehindMs) throws IOException {
        this(store, target, targetFile, temporary, temporaryFile, flushers, writeBehindMs, null, 0);
    }

    /**
     * A write that goes on from the first {@code from} bytes of the temporary file, already renamed to its name: the
     * rest is cut off, since only those bytes were recorded durable.
     */
    static LocalStagedWrite resumed(LocalStore store, StoreName target, Path targetFile, StoreName temporary,
                                    Path temporaryFile, ScheduledExecutorService flushers, long writeBehindMs,
                                    long from) throws IOException {
        FileChannel file = FileChannel.open(temporaryFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            long held = file.size();
            if (held < from) {
                throw new IOException("cannot resume %s: it holds %d bytes, %d were recorded durable".formatted(temporaryFile, held, from));
            }
            file.truncate(from);
            file.position(from);
            return new LocalStagedWrite(store, target, targetFile, temporary, temporaryFile, flushers, writeBehindMs, file, from);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private LocalStagedWrite(LocalStore store, StoreName target, Path targetFile, StoreName temporary, Path temporaryFile,
                             ScheduledExecutorService flushers, long writeBehindMs, FileChannel resumedChannel,
                             long from) throws IOException {
        this.store = store;
        this.target = target;
        this.targetFile = targetFile;
        this.temporary = temporary;
        this.temporaryFile = temporaryFile;
        this.flushers = flushers;
        this.writeBehindMs = writeBehindMs;
        this.channel = resumedChannel;
        this.written = from;
        this.resumedFrom = from;
        this.durable = from;
        // Refused at once as when the file was created here; the first byte's CREATE_NEW is the guard that holds.
        if (resumedChannel == null && Files.exists(temporaryFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(temporaryFile.toString(), null, "another staged write of this request");
        }
        this.stream = new ChannelStream();
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            // CREATE_NEW: the temporary name is unique to its request, so an existing file means something is wrong.
            channel = FileChannel.open(temporaryFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        return channel;
    }

    @Override
    public StoreName temporaryName() {
        return temporary;
    }

    @Override
    public StoreName target() {
        return target;
    }

    /** The store this write belongs to (a kernel copy between two local stores checks both are local). */
    public LocalStore store() {
        return store;
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public long bytesWritten() {
        return written;
    }

    @Override
    public long resumedFrom() {
        return resumedFrom;
    }

    @Override
    public long durableBytes() {
        return committed ? written : durable;
    }

    /**
     * Copies {@code source} up to byte {@code count} with the kernel (sendfile or copy_file_range: no byte passes
     * through this process), from where this write stands (its start, or the offset it resumed at). Not cancellable
     * between pieces: callers use it for copies nobody may stop.
     */
    public void transferFrom(FileChannel source, long count) throws IOException {
        long done = written;
        while (done < count) {
            beforeWrite();
            long n = source.transferTo(done, Math.min(TRANSFER_CHUNK, count - done), channel());
            if (n <= 0) {
                break; // the source is shorter than it said: the size check after finishWriting tells
            }
            done += n;
            written += n;
        }
    }

    /** A file written in one go needs no write-behind; from the second write on, the disk works while the copy goes on. */
    private void beforeWrite() throws IOException {
        if (finished) {
            throw new IOException("the staged write of %s on %s has ended".formatted(target, store.location()));
        }
        if (written > 0 && writeBehind == WriteBehind.NONE && flushers != null) {
            writeBehind = WriteBehind.start(flushers, temporaryFile, writeBehindMs, () -> written, flushed -> durable = flushed);
        }
    }

    @Override
    public long finishWriting() throws IOException {
        if (!finished) {
            finished = true;
            writeBehind.close();
            if (channel != null) {
                channel.close();
            }
        }
        // Nothing written, nothing created: the store holds 0 bytes of it.
        return channel == null ? 0 : Files.size(temporaryFile);
    }

    @Override
    public void commit() throws IOException {
        if (committed) {
            return;
        }
        if (aborted) {
            throw new IOException("the staged write of %s on %s was aborted".formatted(target, store.location()));
        }
        finishWriting();
        if (channel == null) {
            // An empty backup: its file is created now, to be published like any other.
            channel = FileChannel.open(temporaryFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            channel.close();
        }
        try (FileChannel file = FileChannel.open(temporaryFile, StandardOpenOption.WRITE)) {
            file.force(true);
        }
        try {
            Files.move(temporaryFile, targetFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the store at %s cannot rename atomically; refusing a copy readers could see half-written"
                    .formatted(store.location()), e);
        }
        committed = true;
        // The rename is durable only once the folder entry is on disk.
        LocalStore.syncFolder(targetFile.getParent());
    }

    @Override
    public long suspend() {
        if (!committed && !aborted) {
            aborted = true;
            finished = true;
            writeBehind.close();
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.debug("closing {} on suspend: {}", temporaryFile, e.toString());
                }
            }
        }
        return durable;
    }

    @Override
    public boolean abort() {
        if (committed || aborted) {
            return false;
        }
        aborted = true;
        finished = true;
        writeBehind.close();
        if (channel == null) {
            return false;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {} on abort: {}", temporaryFile, e.toString());
        }
        try {
            // False when it is gone already (its root vanished with a mount, say): nothing was removed here.
            return Files.deleteIfExists(temporaryFile);
        } catch (IOException e) {
            LOG.warn("could not delete the temporary file {}: {}", temporaryFile, e.toString());
            return false;
        }
    }

    @Override
    public String toString() {
        return "staged write of " + target + " on " + store.location();
    }

    /** Writes straight to the channel: the caller's buffer is the only one (no BufferedOutputStream). */
    private final class ChannelStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            beforeWrite();
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            FileChannel file = channel();
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
            written += length;
        }

        @Override
        public void close() throws IOException {
            finishWriting();
        }
    }
}
