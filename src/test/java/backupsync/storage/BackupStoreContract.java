package backupsync.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What every {@link BackupStore} kind promises, on real files: extend it with a factory for the kind (a local
 * directory, a directory on an SSH host) and the few hooks that need to reach the files behind the interface.
 */
public abstract class BackupStoreContract {
    protected static final StoreName TARGET = new StoreName("zsbak", "backup-1");
    private static final int MIB = 1 << 20;

    /** A store on an existing, empty, writable root. */
    protected abstract BackupStore newStore() throws Exception;

    /** A store whose root does not exist. */
    protected abstract BackupStore storeOnMissingRoot() throws Exception;

    /** A store whose root exists but takes no new file; null when this machine cannot make one (the test is skipped). */
    protected abstract BackupStore storeOnReadOnlyRoot() throws Exception;

    /** Every regular file under the root of the store {@link #newStore} made, as {@code folder/file}. */
    protected abstract List<String> filesUnderRoot() throws Exception;

    /** Makes {@code name} a symbolic link to a file outside the root holding {@code bytes}. */
    protected abstract void linkFileOutOfRoot(StoreName name, byte[] bytes) throws Exception;

    /** Makes the folder {@code folder} a symbolic link to a directory outside the root. */
    protected abstract void linkFolderOutOfRoot(String folder) throws Exception;

    /** What lies outside the root, as {@code name -> bytes}: the links' targets, to see nothing was changed there. */
    protected abstract List<String> filesOutsideRoot() throws Exception;

    /** The free bytes of the root's file system as the operating system tells them (within a margin). */
    protected abstract long freeBytesOfRootFileSystem() throws Exception;

    protected static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    protected static byte[] read(BackupStore store, StoreName name, long offset) throws IOException {
        try (InputStream in = store.openForReading(name, offset)) {
            return in.readAllBytes();
        }
    }

    /** Writes {@code bytes} to {@code name} through a staged write and commits it. */
    protected static void put(BackupStore store, StoreName name, byte[] bytes) throws IOException {
        try (StagedWrite write = store.beginStagedWrite(name, "put")) {
            write.stream().write(bytes);
            assertThat(write.finishWriting()).isEqualTo(bytes.length);
            write.commit();
        }
    }

    @Test
    void aCommittedStagedWriteHoldsTheBytesUnderTheTargetAndLeavesNoTemporaryFile() throws Exception {
        BackupStore store = newStore();
        byte[] bytes = randomBytes(3 * MIB + 17, 1);
        StagedWrite write = store.beginStagedWrite(TARGET, "req-1");
        assertThat(write.target()).isEqualTo(TARGET);
        assertThat(write.temporaryName()).isEqualTo(store.temporaryNameFor(TARGET, "req-1")).isNotEqualTo(TARGET);
        assertThat(write.temporaryName().folder()).as("beside the target").isEqualTo(TARGET.folder());
        OutputStream out = write.stream();
        for (int offset = 0; offset < bytes.length; offset += 65536) {
            out.write(bytes, offset, Math.min(65536, bytes.length - offset));
        }
        assertThat(write.bytesWritten()).isEqualTo(bytes.length);
        assertThat(store.size(TARGET)).as("nothing under the target before the commit").isEmpty();
        assertThat(store.temporaryFilesOf(TARGET)).containsExactly(write.temporaryName());
        assertThat(write.finishWriting()).isEqualTo(bytes.length);
        assertThat(store.size(TARGET)).isEmpty();

        write.commit();
        assertThat(store.size(TARGET)).hasValue(bytes.length);
        assertThat(read(store, TARGET, 0)).isEqualTo(bytes);
        assertThat(store.temporaryFilesOf(TARGET)).isEmpty();
        assertThat(filesUnderRoot()).containsExactly(TARGET.toString());
        write.abort();
        assertThat(read(store, TARGET, 0)).as("abort after commit does nothing").isEqualTo(bytes);
    }

    @Test
    void aReaderOfTheTargetSeesTheOldFileWholeOrTheNewOneWholeNeverPartOfOne() throws Exception {
        BackupStore store = newStore();
        byte[] old = randomBytes(2 * MIB, 2);
        byte[] replacement = randomBytes(4 * MIB, 3);
        put(store, TARGET, old);
        AtomicBoolean done = new AtomicBoolean();
        List<Long> sizesSeen = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            while (!done.get()) {
                try {
                    byte[] seen = read(store, TARGET, 0);
                    sizesSeen.add((long) seen.length);
                    assertThat(seen).satisfiesAnyOf(s -> assertThat(s).isEqualTo(old), s -> assertThat(s).isEqualTo(replacement));
                } catch (IOException e) {
                    throw new AssertionError("the target was missing for a moment", e);
                }
            }
        });
        try (StagedWrite write = store.beginStagedWrite(TARGET, "req-2")) {
            for (int offset = 0; offset < replacement.length; offset += MIB) {
                write.stream().write(replacement, offset, MIB);
                // The reader reads the target again while this write is half done.
                int readsSoFar = sizesSeen.size();
                await().atMost(Duration.ofMinutes(1)).until(() -> sizesSeen.size() > readsSoFar || reader.isDone());
            }
            write.finishWriting();
            write.commit();
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> sizesSeen.contains((long) replacement.length) || reader.isDone());
        done.set(true);
        reader.get(1, TimeUnit.MINUTES);
        assertThat(sizesSeen).contains((long) old.length);
        assertThat(read(store, TARGET, 0)).isEqualTo(replacement);
    }

    @Test
    void anAbortedStagedWriteLeavesNothing() throws Exception {
        BackupStore store = newStore();
        StagedWrite write = store.beginStagedWrite(TARGET, "req-3");
        write.stream().write(randomBytes(MIB, 4));
        assertThat(filesUnderRoot()).containsExactly(write.temporaryName().toString());
        assertThat(write.abort()).as("the first abort removed the temporary file").isTrue();
        assertThat(write.abort()).as("the second had nothing to remove").isFalse();
        assertThat(filesUnderRoot()).isEmpty();
        assertThat(store.size(TARGET)).isEmpty();
        assertThat(store.temporaryFilesOf(TARGET)).isEmpty();
        assertThatThrownBy(write::commit).as("no commit after an abort").isInstanceOf(IOException.class);
        assertThat(filesUnderRoot()).isEmpty();
    }

    @Test
    void aStagedWriteClosedWithoutCommitLeavesNothing() throws Exception {
        BackupStore store = newStore();
        try (StagedWrite write = store.beginStagedWrite(TARGET, "req-4")) {
            write.stream().write(randomBytes(1000, 5));
            write.finishWriting();
        }
        assertThat(filesUnderRoot()).isEmpty();
    }

    @Test
    void aSecondStagedWriteOfTheSameRequestIsRefused() throws Exception {
        BackupStore store = newStore();
        try (StagedWrite first = store.beginStagedWrite(TARGET, "req-5")) {
            first.stream().write(randomBytes(1000, 6));
            assertThrows(IOException.class, () -> store.beginStagedWrite(TARGET, "req-5"));
            assertThat(first.finishWriting()).as("the first write's bytes are untouched").isEqualTo(1000);
        }
    }

    @Test
    void temporaryFilesOfFindsWhatAnyRequestLeftAndNothingElse() throws Exception {
        BackupStore store = newStore();
        assertThat(store.temporaryFilesOf(TARGET)).as("no folder yet").isEmpty();
        put(store, TARGET.sibling("backup-10"), randomBytes(10, 7));
        StagedWrite a = store.beginStagedWrite(TARGET, "node-a-request");
        StagedWrite b = store.beginStagedWrite(TARGET, "node-b-request");
        StagedWrite other = store.beginStagedWrite(TARGET.sibling("backup-10"), "node-a-request");
        try {
            // A local store creates the temporary file with the first byte.
            for (StagedWrite write : List.of(a, b, other)) {
                write.stream().write(1);
            }
            assertThat(store.temporaryFilesOf(TARGET)).containsExactlyInAnyOrder(a.temporaryName(), b.temporaryName());
            for (StoreName left : store.temporaryFilesOf(TARGET)) {
                store.delete(left);
            }
            assertThat(store.temporaryFilesOf(TARGET)).isEmpty();
            assertThat(store.temporaryFilesOf(TARGET.sibling("backup-10"))).containsExactly(other.temporaryName());
            assertThat(store.size(TARGET.sibling("backup-10"))).hasValue(10);
        } finally {
            a.abort();
            b.abort();
            other.abort();
        }
    }

    @Test
    void sizeAndReadingOfWhatIsAndIsNot() throws Exception {
        BackupStore store = newStore();
        assertThat(store.size(TARGET)).as("no folder").isEqualTo(OptionalLong.empty());
        byte[] bytes = randomBytes(5000, 8);
        put(store, TARGET, bytes);
        assertThat(store.size(TARGET.sibling("absent"))).isEmpty();
        assertThat(store.size(TARGET)).hasValue(5000);
        assertThat(read(store, TARGET, 4000)).isEqualTo(java.util.Arrays.copyOfRange(bytes, 4000, 5000));
        assertThrows(IOException.class, () -> store.openForReading(TARGET.sibling("absent"), 0).close());
        put(store, TARGET.sibling("empty"), new byte[0]);
        assertThat(store.size(TARGET.sibling("empty"))).hasValue(0);
    }

    @Test
    void deleteRemovesAFileAndIgnoresAnAbsentOne() throws Exception {
        BackupStore store = newStore();
        put(store, TARGET, randomBytes(100, 9));
        store.delete(TARGET);
        store.delete(TARGET);
        store.delete(new StoreName("no-such-folder", "x"));
        store.deleteQuietly(TARGET);
        assertThat(store.size(TARGET)).isEmpty();
        assertThat(filesUnderRoot()).isEmpty();
    }

    @Test
    void aFileLinkLeadingOutOfTheRootIsRefusedByEveryOperation() throws Exception {
        BackupStore store = newStore();
        put(store, TARGET.sibling("inside"), randomBytes(10, 10));
        StoreName link = TARGET;
        byte[] outside = randomBytes(4096, 11);
        linkFileOutOfRoot(link, outside);
        List<String> before = filesOutsideRoot();
        assertRefused(() -> store.size(link));
        assertRefused(() -> store.openForReading(link, 0).close());
        assertRefused(() -> store.beginStagedWrite(link, "req-6").abort());
        assertRefused(() -> store.delete(link));
        store.deleteQuietly(link);
        assertThat(filesOutsideRoot()).as("nothing outside the root changed").isEqualTo(before);
    }

    @Test
    void aFolderLinkLeadingOutOfTheRootIsRefusedByEveryOperation() throws Exception {
        BackupStore store = newStore();
        linkFolderOutOfRoot("elsewhere");
        StoreName name = new StoreName("elsewhere", "backup-2");
        assertRefused(() -> store.size(name));
        assertRefused(() -> store.openForReading(name, 0).close());
        assertRefused(() -> store.beginStagedWrite(name, "req-7").abort());
        assertRefused(() -> store.freeSpace(name));
        assertRefused(() -> store.temporaryFilesOf(name));
        assertRefused(() -> store.delete(name));
        assertThat(filesOutsideRoot()).as("nothing was written outside the root").isEmpty();
    }

    private static void assertRefused(Executable operation) {
        assertThrows(StoragePathException.class, operation);
    }

    @Test
    void freeSpaceIsTheFileSystemsFreeSpaceWhetherTheFolderExistsOrNot() throws Exception {
        BackupStore store = newStore();
        long margin = 256L * MIB; // other processes write to the same disk meanwhile
        assertThat(store.freeSpace(TARGET)).as("folder absent").isPositive()
                .isCloseTo(freeBytesOfRootFileSystem(), org.assertj.core.data.Offset.offset(margin));
        put(store, TARGET.sibling("x"), randomBytes(10, 12));
        assertThat(store.freeSpace(TARGET)).as("folder present")
                .isCloseTo(freeBytesOfRootFileSystem(), org.assertj.core.data.Offset.offset(margin));
    }

    @Test
    void checkRootAnswersFreeSpaceAndLeavesNoProbe() throws Exception {
        BackupStore store = newStore();
        assertThat(store.checkRoot()).isPositive();
        assertThat(filesUnderRoot()).isEmpty();
    }

    @Test
    void checkRootOfAMissingRootFailsAndNoOperationCreatesIt() throws Exception {
        BackupStore store = storeOnMissingRoot();
        assertThrows(IOException.class, store::checkRoot);
        assertThrows(IOException.class, () -> store.beginStagedWrite(TARGET, "req-8"));
        assertThrows(IOException.class, store::checkRoot);
    }

    @Test
    void checkRootOfARootThatTakesNoFileFails() throws Exception {
        BackupStore store = storeOnReadOnlyRoot();
        Assumptions.assumeTrue(store != null, "no read-only file system can be made here");
        assertThatThrownBy(store::checkRoot).isInstanceOf(IOException.class);
        assertThrows(IOException.class, () -> store.beginStagedWrite(TARGET, "req-9"));
    }
}
