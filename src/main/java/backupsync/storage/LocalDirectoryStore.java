package backupsync.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An image store that is a directory tree on this machine (local disk or a mount). */
public class LocalDirectoryStore implements LegacyPathStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDirectoryStore.class);
    /** Temporary files start with a dot and end with this, so they are easy to recognise and clean. */
    public static final String TEMP_SUFFIX = ".part";

    private final Path root;
    private final ClaimedSpace claimedSpace = new ClaimedSpace();

    public LocalDirectoryStore(String rootDirectory) {
        this.root = Path.of(rootDirectory).toAbsolutePath().normalize();
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public String endpointUri() {
        return "file:" + root;
    }

    @Override
    public Path resolve(InstallPath installPath) {
        Path file = root.resolve(installPath.relative()).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new StoragePathException("path %s is outside the store root %s".formatted(file, root));
        }
        return file;
    }

    @Override
    public Path resolveExisting(InstallPath installPath) throws IOException {
        Path file = resolve(installPath);
        Path realRoot = root.toRealPath();
        // Follow symlinks of the deepest part that exists: a link inside the store must not lead out of it.
        Path existing = file;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !existing.toRealPath().startsWith(realRoot)) {
            throw new StoragePathException("path %s leads outside the store root %s through a symbolic link"
                    .formatted(file, root));
        }
        return file;
    }

    @Override
    public Path temporaryFileFor(Path target, String requestId) {
        return target.resolveSibling("." + target.getFileName() + "." + requestId + TEMP_SUFFIX);
    }

    @Override
    public void deleteTemporaryFilesOf(Path target) {
        String prefix = "." + target.getFileName() + ".";
        try (var siblings = Files.newDirectoryStream(target.getParent(),
                file -> file.getFileName().toString().startsWith(prefix) && file.getFileName().toString().endsWith(TEMP_SUFFIX))) {
            siblings.forEach(this::deleteQuietly);
        } catch (java.nio.file.NoSuchFileException noDirectoryYet) {
            // nothing was written
        } catch (IOException e) {
            LOG.warn("could not list the temporary files of {}: {}", target, e.toString());
        }
    }

    @Override
    public void publish(Path temporary, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the store at %s cannot rename atomically; refusing a copy readers could see half-written"
                    .formatted(root), e);
        }
        // The rename is durable only once the directory entry is on disk.
        try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    @Override
    public long usableSpace(Path target) throws IOException {
        Path existing = target.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new NoSuchFileException(target.toString(), null, "no part of the path exists");
        }
        // File.getUsableSpace is one statvfs; Files.getFileStore first reads the mount table to name the store.
        return existing.toFile().getUsableSpace();
    }

    @Override
    public ClaimedSpace claimedSpace() {
        return claimedSpace;
    }

    @Override
    public void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", file, e.toString());
        }
    }
}
