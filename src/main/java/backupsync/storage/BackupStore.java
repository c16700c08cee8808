package backupsync.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One image-store backup storage as the sync sees it, around names relative to the store's root ({@link StoreName}).
 * A local directory ({@code local/}) or a directory on another host reached over SSH ({@code ssh/}); the pipeline,
 * recovery, claimed space, health and the inventory loader use only this. Every operation refuses a name that
 * leads outside the root, lexically or through a symbolic link of what exists, before any other I/O.
 */
public interface BackupStore {

    /** Where the store is, for messages and logs: its root directory, or {@code user@host:port:/root}. Never a secret. */
    String location();

    /** The size of the named regular file, or empty when there is none. */
    OptionalLong size(StoreName name) throws IOException;

    /** Streams the named file from {@code offset} on. */
    InputStream openForReading(StoreName name, long offset) throws IOException;

    /** The temporary name a staged write of {@code target} by {@code requestId} uses: recorded before it begins. */
    StoreName temporaryNameFor(StoreName target, String requestId);

    /** Begins writing {@code target} under {@link #temporaryNameFor}; creates the folder when missing. */
    StagedWrite beginStagedWrite(StoreName target, String requestId) throws IOException;

    /**
     * Continues a staged write of {@code target} from the first {@code from} bytes of {@code partial}, a temporary file
     * of the same target that an earlier write left ({@link StagedWrite#suspend}, recovery, a takeover): the file is
     * renamed to this request's temporary name and cut to {@code from} bytes, and writing goes on at that offset.
     */
    StagedWrite resumeStagedWrite(StoreName target, String requestId, StoreName partial, long from) throws IOException;

    /** Bytes free for new files where {@code name} would be written. */
    long freeSpace(StoreName name) throws IOException;

    /** The temporary files of {@code target} left by any request (what a dead node or a failed copy left). */
    List<StoreName> temporaryFilesOf(StoreName target) throws IOException;

    /** Deletes the named file if present. */
    void delete(StoreName name) throws IOException;

    /** Deletes if present; logs, never throws: for undo and recovery paths, which must go on. */
    default void deleteQuietly(StoreName name) {
        try {
            delete(name);
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(BackupStore.class).warn("could not delete {} on {}: {}", name, location(), e.toString());
        }
    }

    /** Checks the root exists and takes a new file; answers its free bytes, or throws naming what is wrong. */
    long checkRoot() throws IOException;

    /**
     * The MD5 (hex) of the named file computed where it lies, without moving its bytes through this node; empty when
     * the store cannot (then the caller reads the file itself).
     */
    default Optional<String> md5AtStore(StoreName name) throws IOException {
        return Optional.empty();
    }

    /**
     * The plain names of the regular files in {@code folder} (a single segment under the root, as a {@link StoreName}'s
     * folder), for the verify runs' reconcile: none when the folder does not exist; empty when this kind of store
     * cannot list its folders (the run then says so and lists no orphans there).
     */
    default Optional<List<String>> filesIn(String folder) throws IOException {
        return Optional.empty();
    }

    /** The free space this node's copies in flight to this store still need. */
    ClaimedSpace claimedSpace();
}
