package backupsync.storage;

import java.io.IOException;
import java.nio.file.Path;

/** Temporary: the Path-typed store the pipeline still uses, until it moves to {@link BackupStore}.
 *
 * One image-store backup storage, as the sync sees it. Local directories today; a store reached over SFTP
 * implements the same operations without touching the pipeline.
 */
public interface LegacyPathStore {

    /** The root directory every installPath of this store is resolved under. */
    Path root();

    /** The Camel endpoint that writes files into this store, relative to {@link #root()}. */
    String endpointUri();

    /** The file an installPath names on this store; lexical check only, no I/O. */
    Path resolve(InstallPath installPath);

    /** Like {@link #resolve} but follows symlinks of what exists, and refuses anything that leaves the root. */
    Path resolveExisting(InstallPath installPath) throws IOException;

    /** A fresh temporary name beside the target, invisible to readers of the target name. */
    Path temporaryFileFor(Path target, String requestId);

    /** fsync the temporary file, rename it over the target atomically, fsync the directory. */
    void publish(Path temporary, Path target) throws IOException;

    /** Bytes free for new files in the directory that will hold the target. */
    long usableSpace(Path target) throws IOException;

    /** The free space this node's copies in flight to this store still need. */
    ClaimedSpace claimedSpace();

    /** Deletes every temporary file of the target ({@link #temporaryFileFor}, any request): what a dead node left. */
    void deleteTemporaryFilesOf(Path target);

    /** Delete if present; never fails the caller for a file that is already gone. */
    void deleteQuietly(Path file);
}
