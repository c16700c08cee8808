package backupsync.storage.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import backupsync.storage.BackupStore;
import backupsync.storage.BackupStoreContract;
import backupsync.storage.StagedWrite;
import backupsync.storage.StoragePathException;
import backupsync.storage.StoreName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The store contract on a directory of this machine, and what only a local store does (kernel copy, names on disk). */
class LocalStoreTest extends BackupStoreContract {
    @TempDir
    Path tmp;
    Path root;
    Path outside;
    ScheduledExecutorService flushers;
    Path readOnlyMount;

    @BeforeEach
    void directories() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        flushers = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void cleanUp() throws Exception {
        flushers.shutdownNow();
        if (readOnlyMount != null) {
            run("umount", "-l", readOnlyMount.toString());
        }
    }

    @Override
    protected BackupStore newStore() {
        return new LocalStore(root.toString(), flushers, 5);
    }

    @Override
    protected BackupStore storeOnMissingRoot() {
        return new LocalStore(tmp.resolve("missing").toString(), flushers, 5);
    }

    @Override
    protected BackupStore storeOnReadOnlyRoot() throws Exception {
        // Tests run as root, whom permissions do not stop: a read-only mount does (as StorageFaultsTest has it).
        Path mount = Files.createDirectories(tmp.resolve("read-only"));
        if (!run("mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", mount.toString())) {
            return null;
        }
        readOnlyMount = mount;
        return new LocalStore(mount.toString(), flushers, 5);
    }

    @Override
    protected List<String> filesUnderRoot() throws IOException {
        return filesUnder(root);
    }

    @Override
    protected void linkFileOutOfRoot(StoreName name, byte[] bytes) throws IOException {
        Path target = Files.write(outside.resolve(name.file()), bytes);
        Files.createDirectories(root.resolve(name.folder()));
        Files.createSymbolicLink(root.resolve(name.folder()).resolve(name.file()), target);
    }

    @Override
    protected void linkFolderOutOfRoot(String folder) throws IOException {
        Files.createSymbolicLink(root.resolve(folder), outside);
    }

    @Override
    protected List<String> filesOutsideRoot() throws IOException {
        List<String> found = new ArrayList<>();
        for (String file : filesUnder(outside)) {
            found.add(file + " " + java.util.Arrays.hashCode(Files.readAllBytes(outside.resolve(file))));
        }
        return found;
    }

    @Override
    protected long freeBytesOfRootFileSystem() {
        return root.toFile().getUsableSpace();
    }

    private static List<String> filesUnder(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).map(file -> directory.relativize(file).toString()).sorted().toList();
        }
    }

    private static boolean run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    @Test
    void theTemporaryFileIsNamedAfterTargetAndRequestBesideIt() throws Exception {
        BackupStore store = newStore();
        assertThat(store.temporaryNameFor(TARGET, "req-1")).hasToString("zsbak/.backup-1.req-1.part");
        try (StagedWrite write = store.beginStagedWrite(TARGET, "req-1")) {
            write.stream().write(1);
            assertThat(root.resolve("zsbak/.backup-1.req-1.part")).exists();
        }
        assertThat(root.resolve("zsbak/.backup-1.req-1.part")).doesNotExist();
    }

    @Test
    void aWriteThatFailsBeforeItsFirstByteCreatedNothingAndItsAbortSaysSo() throws Exception {
        BackupStore store = newStore();
        StagedWrite write = store.beginStagedWrite(TARGET, "req-1");
        assertThat(filesUnder(root)).as("no file before the first byte").isEmpty();
        assertThat(write.finishWriting()).isZero();
        assertThat(write.abort()).as("nothing was there to remove").isFalse();
        assertThat(filesUnder(root)).isEmpty();
    }

    @Test
    void anEmptyFileIsCreatedByItsCommit() throws Exception {
        BackupStore store = newStore();
        try (StagedWrite write = store.beginStagedWrite(TARGET, "req-1")) {
            assertThat(write.finishWriting()).isZero();
            write.commit();
        }
        assertThat(store.size(TARGET)).hasValue(0);
        assertThat(filesUnder(root)).containsExactly(TARGET.toString());
    }

    @Test
    void aKernelCopyBetweenTwoLocalStoresCopiesEveryByteAndCounts() throws Exception {
        LocalStore source = new LocalStore(outside.toString(), flushers, 5);
        byte[] bytes = randomBytes(20 * (1 << 20) + 3, 13);
        put(source, TARGET, bytes);
        LocalStagedWrite write = (LocalStagedWrite) newStore().beginStagedWrite(TARGET, "req-k");
        try (FileChannel in = source.openChannel(TARGET)) {
            write.transferFrom(in, bytes.length);
        }
        assertThat(write.bytesWritten()).isEqualTo(bytes.length);
        assertThat(write.finishWriting()).isEqualTo(bytes.length);
        write.commit();
        assertThat(Files.mismatch(outside.resolve("zsbak/backup-1"), root.resolve("zsbak/backup-1"))).isEqualTo(-1L);
    }

    @Test
    void aDanglingLinkIsNotWrittenThrough() throws Exception {
        Files.createDirectories(root.resolve("zsbak"));
        Path nowhere = outside.resolve("not-yet");
        Files.createSymbolicLink(root.resolve("zsbak/backup-1"), nowhere);
        BackupStore store = newStore();
        assertThrows(StoragePathException.class, () -> store.beginStagedWrite(TARGET, "req-d"));
        assertThrows(StoragePathException.class, () -> store.size(TARGET));
        assertThat(nowhere).doesNotExist();
    }
}
