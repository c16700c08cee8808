package backupsync.storage.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;

import backupsync.storage.BackupStore;
import backupsync.storage.ClaimedSpace;
import backupsync.storage.StoragePathException;
import backupsync.storage.StoreName;
import backupsync.storage.TemporaryNames;

/** An image store that is a directory tree on this machine (local disk or a mount). */
public class LocalStore implements BackupStore {
    /** Temporary files start with a dot and end with this, so they are easy to recognise and clean. */

    private final Path root;
    private final ScheduledExecutorService flushers;
    private final long writeBehindMs;
    private final ClaimedSpace claimedSpace = new ClaimedSpace();

    /**
     * @param flushers      flushes large files while they are written ({@link backupsync.storage.WriteBehind}); null
     *                      for none (a store only read, such as the inventory loader's)
     * @param writeBehindMs how often
     */
    public LocalStore(String rootDirectory, ScheduledExecutorService flushers, long writeBehindMs) {
        this.root = Path.of(rootDirectory).toAbsolutePath().normalize();
        this.flushers = flushers;
        this.writeBehindMs = writeBehindMs;
    }

    /** A store that is only read and checked: no write-behind. */
    public LocalStore(String rootDirectory) {
        this(rootDirectory, null, 0);
    }

    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    /**
     * The file a name stands for, after the checks every operation makes: lexically under the root (a StoreName
     * cannot say otherwise, checked again all the same), and the real path of the deepest part that exists under
     * the real root, so a symbolic link inside the store cannot lead out of it. A missing root is an I/O error.
     */
    Path confined(StoreName name) throws IOException {
        Path file = root.resolve(name.folder()).resolve(name.file()).normalize();
        if (!file.startsWith(root) || file.getNameCount() != root.getNameCount() + 2) {
            throw new StoragePathException("path %s is outside the store root %s".formatted(file, root));
        }
        Path realRoot = realRoot();
        // NOFOLLOW_LINKS: a dangling link is something that exists too, and must not be written through.
        Path existing = file;
        while (!existing.equals(root) && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing.equals(root)) {
            return file;
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (NoSuchFileException dangling) {
            throw new StoragePathException("path %s leads outside the store root %s through a symbolic link to nowhere"
                    .formatted(file, root));
        }
        if (!real.startsWith(realRoot)) {
            throw new StoragePathException("path %s leads outside the store root %s through a symbolic link"
                    .formatted(file, root));
        }
        return file;
    }

    private Path realRoot() throws IOException {
        try {
            return root.toRealPath();
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(root.toString(), null, "the store's root directory is missing");
        }
    }

    @Override
    public OptionalLong size(StoreName name) throws IOException {
        Path file = confined(name);
        if (!Files.isRegularFile(file)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Files.size(file));
        } catch (NoSuchFileException goneMeanwhile) {
            return OptionalLong.empty();
        }
    }

    @Override
    public InputStream openForReading(StoreName name, long offset) throws IOException {
        FileChannel channel = openChannel(name);
        if (offset > 0) {
            channel.position(offset);
        }
        return Channels.newInputStream(channel);
    }

    /** The named file to read, as a channel: for a kernel copy between two local stores ({@link LocalStagedWrite#transferFrom}). */
    public FileChannel openChannel(StoreName name) throws IOException {
        return FileChannel.open(confined(name), StandardOpenOption.READ);
    }

    @Override
    public StoreName temporaryNameFor(StoreName target, String requestId) {
        return TemporaryNames.of(target, requestId);
    }

    @Override
    public LocalStagedWrite beginStagedWrite(StoreName target, String requestId) throws IOException {
        Path targetFile = confined(target);
        StoreName temporary = temporaryNameFor(target, requestId);
        Files.createDirectories(targetFile.getParent());
        // Checked again now that the folder exists: it may have been created through a link meanwhile.
        Path temporaryFile = confined(temporary);
        confined(target);
        return new LocalStagedWrite(this, target, targetFile, temporary, temporaryFile, flushers, writeBehindMs);
    }

    @Override
    public LocalStagedWrite resumeStagedWrite(StoreName target, String requestId, StoreName partial, long from) throws IOException {
        Path targetFile = confined(target);
        StoreName temporary = temporaryNameFor(target, requestId);
        Path temporaryFile = confined(temporary);
        if (!TemporaryNames.isOf(target, partial)) {
            throw new StoragePathException("%s is not a temporary file of %s".formatted(partial, target));
        }
        Path partialFile = confined(partial);
        if (!partial.equals(temporary)) {
            if (Files.exists(temporaryFile, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(temporaryFile.toString(), null, "another staged write of this request");
            }
            // Under this request's name, the one its reservation records: a crash from here on is recovered as its own.
            Files.move(partialFile, temporaryFile, StandardCopyOption.ATOMIC_MOVE);
        }
        return LocalStagedWrite.resumed(this, target, targetFile, temporary, temporaryFile, flushers, writeBehindMs, from);
    }


    @Override
    public long freeSpace(StoreName name) throws IOException {
        Path existing = confined(name).getParent();
        if (!Files.isDirectory(existing)) {
            existing = root;
        }
        // File.getUsableSpace is one statvfs; Files.getFileStore first reads the mount table to name the store.
        return existing.toFile().getUsableSpace();
    }

    @Override
    public List<StoreName> temporaryFilesOf(StoreName target) throws IOException {
        Path folder = confined(target).getParent();
        List<StoreName> found = new ArrayList<>();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(folder, file -> {
            String fileName = file.getFileName().toString();
            return TemporaryNames.isOf(target, fileName);
        })) {
            siblings.forEach(file -> found.add(target.sibling(file.getFileName().toString())));
        } catch (NoSuchFileException noFolderYet) {
            // nothing was written
        }
        return found;
    }

    @Override
    public void delete(StoreName name) throws IOException {
        Files.deleteIfExists(confined(name));
    }

    @Override
    public long checkRoot() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "the store's root directory is missing");
        }
        // Writable is proven by writing: permissions alone do not tell (root, read-only mounts).
        Files.delete(Files.createTempFile(root, ".health-", ".probe"));
        return root.toFile().getUsableSpace();
    }

    @Override
    public Optional<String> md5AtStore(StoreName name) {
        // The file is on this node: reading it here is what computing it "at the store" would do.
        return Optional.empty();
    }

    @Override
    public Optional<List<String>> filesIn(String folder) throws IOException {
        // Confined like any name: a folder that is a link leading out of the root is refused.
        Path directory = confined(new StoreName(folder, "listing")).getParent();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(List.of());
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    names.add(file.getFileName().toString());
                }
            }
        } catch (NoSuchFileException goneMeanwhile) {
            return Optional.of(List.of());
        }
        return Optional.of(names);
    }

    @Override
    public ClaimedSpace claimedSpace() {
        return claimedSpace;
    }

    @Override
    public String toString() {
        return "local store " + root;
    }

    /** Used by the staged write's commit: the folder entry of a rename is durable only once the folder is synced. */
    static void syncFolder(Path folder) throws IOException {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
