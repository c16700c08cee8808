package backupsync.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * A file being written under a temporary name beside its target ({@link BackupStore#beginStagedWrite}). Readers of
 * the target never see it until {@link #commit}, which is durable and atomic: the bytes are on stable storage and the
 * rename is one step. Whatever happens, the writer calls either commit or abort; abort after commit does nothing.
 */
public interface StagedWrite extends AutoCloseable {

    /** The temporary name the bytes go to, as recorded for recovery before the write began. */
    StoreName temporaryName();

    /** The target this write publishes to. */
    StoreName target();

    /** Where the bytes go; closing it ends the writing, not the staged write. Never buffers a whole file. */
    OutputStream stream() throws IOException;

    /**
     * Bytes the temporary file holds so far (for claimed space and progress): those a resumed write started from
     * included, so a resumed byte counts once.
     */
    long bytesWritten();

    /** The bytes a write resumed from ({@link BackupStore#resumeStagedWrite}); 0 for a write that began empty. */
    default long resumedFrom() {
        return 0;
    }

    /**
     * Bytes of the temporary file known to be on stable storage (flushed by the write-behind): what a later sync may
     * trust and resume from should this node or the store's host go down now.
     */
    long durableBytes();

    /**
     * Stops writing and leaves the temporary file where it is, for a later sync to resume (the link or the node failed,
     * not the file); answers {@link #durableBytes}. Nothing can be written or committed after it.
     */
    long suspend();

    /**
     * Ends the writing and returns the size the store itself reports for the temporary file (stat after the flush),
     * which the caller checks against the expected size before {@link #commit}.
     */
    long finishWriting() throws IOException;

    /**
     * Whether the store hashes the bytes where they land, as they are written ({@link #md5WhereItLanded}): then the
     * writer need not hash what it sends.
     */
    default boolean hashesWhatLands() {
        return false;
    }

    /**
     * After {@link #finishWriting}: the MD5 (hex) of the temporary file's {@code size} bytes, computed where it lies,
     * without moving its bytes through this node; empty when the store cannot.
     */
    default Optional<String> md5WhereItLanded(long size) throws IOException {
        return Optional.empty();
    }

    /** fsync, rename over the target atomically, make the rename durable. After it the target holds the bytes. */
    void commit() throws IOException;

    /**
     * Deletes the temporary file; idempotent, never throws, does nothing after a commit. Answers whether this call
     * removed a file that was there (false when none was created yet, it was gone already, or it could not be deleted).
     */
    boolean abort();

    /** Same as {@link #abort}: a try-with-resources block that did not commit leaves nothing behind. */
    @Override
    default void close() {
        abort();
    }
}
