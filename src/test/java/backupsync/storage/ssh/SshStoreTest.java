package backupsync.storage.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import backupsync.storage.StagedWrite;
import backupsync.storage.StoragePathException;
import backupsync.storage.StoreName;
import backupsync.support.LinkEmulator;
import backupsync.support.OpenSshServer;

/** SshStore against the real OpenSSH server (its own sshd on a loopback port, root by key, a user by password). */
@Timeout(120)
class SshStoreTest {
    private static OpenSshServer sshd;
    private Path root;
    private SshStore store;

    @BeforeAll
    static void startSshd() throws Exception {
        sshd = OpenSshServer.start();
    }

    @AfterAll
    static void stopSshd() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    @BeforeEach
    void newStore() throws IOException {
        root = sshd.newRoot("root");
        store = new SshStore(keySettings(root));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static SshStoreSettings keySettings(Path root) {
        return SshStoreSettings.of(new SshEndpoint("127.0.0.1", sshd.port(), "root", root.toString()),
                sshd.hostKeyFingerprint(), sshd.clientKey(), null);
    }

    private static SshStoreSettings passwordSettings(Path root, String password) {
        return SshStoreSettings.of(new SshEndpoint("127.0.0.1", sshd.port(), OpenSshServer.PASSWORD_USER, root.toString()),
                sshd.hostKeyFingerprint(), null, password);
    }

    @Test
    void aCommittedStagedWriteLandsTheBytesAndTheStoreComputesTheirMd5() throws IOException {
        StoreName target = new StoreName("db", "backup-1");
        byte[] bytes = new byte[3 * 1024 * 1024 + 17];
        new Random(1).nextBytes(bytes);
        try (StagedWrite write = store.beginStagedWrite(target, "req1")) {
            assertThat(write.temporaryName()).isEqualTo(new StoreName("db", ".backup-1.req1.part"));
            assertThat(Files.exists(root.resolve("db/.backup-1.req1.part"))).isTrue();
            StoreFiles.writeAll(write, new ByteArrayInputStream(bytes));
            assertThat(write.bytesWritten()).isEqualTo(bytes.length);
            assertThat(write.finishWriting()).isEqualTo(bytes.length);
            assertThat(Files.exists(root.resolve("db/backup-1"))).isFalse();
            write.commit();
        }
        assertThat(Files.readAllBytes(root.resolve("db/backup-1"))).isEqualTo(bytes);
        assertThat(StoreFiles.namesIn(root.resolve("db"))).containsExactly("backup-1");
        assertThat(store.size(target)).hasValue(bytes.length);
        assertThat(store.md5AtStore(target)).hasValue(StoreFiles.md5Of(bytes));
        try (InputStream in = store.openForReading(target, 1000)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 1000, bytes.length));
        }
    }

    @Test
    void sixtyFourMebibytesStreamThroughAndReadBack() throws IOException {
        StoreName target = new StoreName("db", "large");
        long size = 64L << 20;
        String sent;
        try (StagedWrite write = store.beginStagedWrite(target, "big")) {
            sent = StoreFiles.writeAll(write, new RandomBytes(7, size));
            assertThat(write.finishWriting()).isEqualTo(size);
            write.commit();
        }
        assertThat(Files.size(root.resolve("db/large"))).isEqualTo(size);
        assertThat(StoreFiles.md5Of(root.resolve("db/large"))).isEqualTo(sent);
        assertThat(store.md5AtStore(target)).hasValue(sent);
        try (InputStream in = store.openForReading(target, 0)) {
            assertThat(StoreFiles.md5Of(in)).isEqualTo(sent);
        }
    }

    @Test
    void aWriteStripedOverThreeChannelsLandsEveryByteInPlaceAndResumesMidStripe() throws IOException {
        StoreName target = new StoreName("db", "striped");
        // Not a whole number of stripes, and the resume point falls inside one.
        long size = 7L * StripedSftpOutput.STRIPE + 54321;
        long cut = 3L * StripedSftpOutput.STRIPE + 777;
        String whole = StoreFiles.md5Of(new RandomBytes(13, size));
        try (SshStore striped = new SshStore(keySettings(root).withWriteChannels(3))) {
            StagedWrite first = striped.beginStagedWrite(target, "stripe1");
            assertThat(((SshStagedWrite) first).writeChannels()).isEqualTo(3);
            StoreFiles.writeAll(first, new RandomBytes(13, cut));
            first.finishWriting();
            assertThat(first.suspend()).as("all of it fsynced by finishWriting").isEqualTo(cut);

            try (StagedWrite resumed = striped.resumeStagedWrite(target, "stripe2", first.temporaryName(), cut)) {
                assertThat(resumed.resumedFrom()).isEqualTo(cut);
                RandomBytes rest = new RandomBytes(13, size);
                rest.skipNBytes(cut);
                StoreFiles.writeAll(resumed, rest);
                assertThat(resumed.finishWriting()).isEqualTo(size);
                assertThat(resumed.md5WhereItLanded(size)).hasValue(whole);
                resumed.commit();
            }
        }
        assertThat(StoreFiles.md5Of(root.resolve("db/striped"))).isEqualTo(whole);
        assertThat(Files.list(root.resolve("db")).map(file -> file.getFileName().toString()))
                .noneMatch(name -> name.endsWith(".part"));
    }

    @Test
    void anAbortAfterTheWritingEndedLeavesTheChannelsItGaveBackToTheirNewUsers() throws IOException {
        // No retries: a reader whose channel was closed under it fails instead of reconnecting.
        try (SshStore noRetries = new SshStore(keySettings(root).withRetries(0, java.time.Duration.ZERO))) {
            StoreName kept = new StoreName("db", "kept");
            try (StagedWrite write = noRetries.beginStagedWrite(kept, "keep")) {
                StoreFiles.writeAll(write, new RandomBytes(17, 3L << 20));
                write.finishWriting();
                write.commit();
            }
            StagedWrite failing = noRetries.beginStagedWrite(new StoreName("db", "dropped"), "drop");
            assertThat(((SshStagedWrite) failing).writeChannels()).isEqualTo(2);
            StoreFiles.writeAll(failing, new RandomBytes(18, 3L << 20));
            // Its second channel goes back to the pool here, and a read below may take it.
            failing.finishWriting();
            String md5 = StoreFiles.md5Of(new RandomBytes(17, 3L << 20));
            // Three readers at once: whichever channels the pool has idle now, one of them is that one.
            try (InputStream first = noRetries.openForReading(kept, 0); InputStream second = noRetries.openForReading(kept, 0);
                 InputStream third = noRetries.openForReading(kept, 0)) {
                // As when the MD5 did not match: the undo aborts after the writing ended.
                failing.abort();
                assertThat(StoreFiles.md5Of(first)).isEqualTo(md5);
                assertThat(StoreFiles.md5Of(second)).isEqualTo(md5);
                assertThat(StoreFiles.md5Of(third)).isEqualTo(md5);
            }
        }
    }

    @Test
    void aFileOfSeveralPiecesIsHashedOnTheHostAsItGrows() throws IOException {
        StoreName target = new StoreName("db", "pieces");
        long size = 2 * GrowingFileMd5.PIECE_BYTES + 12345;
        try (StagedWrite write = store.beginStagedWrite(target, "grow")) {
            assertThat(write.hashesWhatLands()).isTrue();
            String sent = StoreFiles.writeAll(write, new RandomBytes(11, size));
            assertThat(write.finishWriting()).isEqualTo(size);
            assertThat(write.md5WhereItLanded(size)).hasValue(sent);
            write.commit();
        }
        try (SshStore noExec = new SshStore(keySettings(root).withMd5AtStore(false));
             StagedWrite write = noExec.beginStagedWrite(new StoreName("db", "no-exec"), "grow")) {
            assertThat(write.hashesWhatLands()).isFalse();
            StoreFiles.writeAll(write, new RandomBytes(11, 1000));
            write.finishWriting();
            assertThat(write.md5WhereItLanded(1000)).isEmpty();
        }
    }

    /** The host's script alone, on a file this test writes: what it hashes is the file, piece by piece as it grows. */
    @Test
    void theHostHashesTheFileAsItIsOnDiskPieceByPiece() throws IOException {
        Path file = Files.createDirectories(root.resolve("db")).resolve("growing");
        long piece = GrowingFileMd5.PIECE_BYTES;
        try (InputStream first = new RandomBytes(21, piece + 5000)) {
            Files.copy(first, file);
        }
        try (SshConnections connections = new SshConnections(keySettings(root))) {
            GrowingFileMd5 hasher = GrowingFileMd5.startIfFree(connections, file.toString());
            hasher.acknowledged(piece + 5000);
            // Changed behind the writer's back after the first piece was handed over, before the rest: the end counts.
            try (java.io.RandomAccessFile growing = new java.io.RandomAccessFile(file.toFile(), "rw");
                 InputStream rest = new RandomBytes(22, piece + 77)) {
                growing.seek(piece + 10);
                byte[] chunk = new byte[1 << 20];
                for (int n; (n = rest.read(chunk)) > 0; ) {
                    growing.write(chunk, 0, n);
                }
            }
            hasher.allWritten();
            String hashed = hasher.md5(Duration.ofSeconds(30));
            hasher.close();
            assertThat(hashed).isEqualTo(StoreFiles.md5Of(file));

            GrowingFileMd5 missing = GrowingFileMd5.startIfFree(connections, root.resolve("db/none").toString());
            missing.allWritten();
            assertThatThrownBy(() -> missing.md5(Duration.ofSeconds(30))).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot read");
            missing.close();
        }
    }

    /** Through a link that resets every connection after 20 MiB: each cut resumes where the host's file stands. */
    @Test
    void aWriteCutOffByTheLinkResumesWhereTheHostsFileStands() throws IOException {
        long size = 48L << 20;
        try (LinkEmulator link = LinkEmulator.to(sshd.port())) {
            link.cutAfterBytes(20L << 20);
            StoreName target = new StoreName("db", "through-cuts");
            try (SshStore remote = new SshStore(viaLink(link, 5)); StagedWrite write = remote.beginStagedWrite(target, "cut")) {
                String sent = StoreFiles.writeAll(write, new RandomBytes(5, size));
                assertThat(write.bytesWritten()).isEqualTo(size);
                assertThat(write.finishWriting()).isEqualTo(size);
                assertThat(write.md5WhereItLanded(size)).hasValue(sent);
                write.commit();
                assertThat(link.connectionsCut()).isGreaterThanOrEqualTo(2);
                assertThat(((SshStagedWrite) write).resumes()).isGreaterThanOrEqualTo(2);
                assertThat(StoreFiles.md5Of(root.resolve("db/through-cuts"))).isEqualTo(sent);
            }
            // Started over at each cut, the copy could never pass 20 MiB; resumed, each cut sends again only what the
            // host had not written yet (a window's worth at most).
            assertThat(link.toServer().bytesForwarded()).isLessThan(size + link.connectionsCut() * (8L << 20));
        }
    }

    @Test
    void aReadCutOffByTheLinkResumesAtTheSameOffset() throws IOException {
        Path file = Files.createDirectories(root.resolve("db")).resolve("source");
        // Streamed to disk and hashed as read: the test JVM's heap is shared with every other test class.
        try (InputStream random = new RandomBytes(6, 24L << 20)) {
            Files.copy(random, file);
        }
        String expected = StoreFiles.md5Of(file);
        try (LinkEmulator link = LinkEmulator.to(sshd.port()); SshStore remote = new SshStore(viaLink(link, 3));
             InputStream in = remote.openForReading(new StoreName("db", "source"), 0)) {
            java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[1 << 20];
            long read = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                md5.update(buffer, 0, n);
                read += n;
                if (read >= (8 << 20) && link.connectionsCut() == 0) {
                    assertThat(link.cutAll()).isPositive();
                }
            }
            assertThat(read).isEqualTo(24L << 20);
            assertThat(java.util.HexFormat.of().formatHex(md5.digest())).isEqualTo(expected);
            assertThat(remote.resumedReads()).isEqualTo(1);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void whatTheServerRefusesIsNotRetried() throws IOException {
        try (LinkEmulator link = LinkEmulator.to(sshd.port()); SshStore remote = new SshStore(viaLink(link, 3))) {
            assertThatThrownBy(() -> remote.openForReading(new StoreName("db", "missing"), 0)).isInstanceOf(IOException.class)
                    .hasMessageContaining("db/missing");
            assertThat(link.connectionsAccepted()).isEqualTo(1);
            assertThat(remote.resumedReads()).isZero();
        }
    }

    private SshStoreSettings viaLink(LinkEmulator link, int retries) {
        return SshStoreSettings.of(new SshEndpoint("127.0.0.1", link.port(), "root", root.toString()),
                sshd.hostKeyFingerprint(), sshd.clientKey(), null).withRetries(retries, Duration.ofMillis(100));
    }

    @Test
    void md5AtStoreCanBeTurnedOff() throws IOException {
        Files.createDirectories(root.resolve("db"));
        Files.write(root.resolve("db/f"), new byte[] {1, 2, 3});
        try (SshStore noExec = new SshStore(keySettings(root).withMd5AtStore(false))) {
            assertThat(noExec.md5AtStore(new StoreName("db", "f"))).isEmpty();
        }
    }

    @Test
    void anAbortedWriteLeavesNothingAndAnAbortAfterCommitKeepsTheFile() throws IOException {
        StoreName target = new StoreName("db", "backup-2");
        StagedWrite aborted = store.beginStagedWrite(target, "req1");
        StoreFiles.writeAll(aborted, new RandomBytes(2, 5 << 20));
        aborted.abort();
        aborted.abort();
        assertThat(StoreFiles.namesIn(root.resolve("db"))).isEmpty();
        assertThat(store.size(target)).isEmpty();

        StagedWrite committed = store.beginStagedWrite(target, "req2");
        StoreFiles.writeAll(committed, new RandomBytes(3, 1000));
        committed.finishWriting();
        committed.commit();
        committed.abort();
        assertThat(StoreFiles.namesIn(root.resolve("db"))).containsExactly("backup-2");
        assertThat(Files.size(root.resolve("db/backup-2"))).isEqualTo(1000);
    }

    @Test
    void aReaderOfTheTargetSeesTheOldFileOrTheWholeNewOneNeverAPart() throws Exception {
        StoreName target = new StoreName("db", "backup-3");
        Path onDisk = root.resolve("db/backup-3");
        Files.createDirectories(onDisk.getParent());
        byte[] old = new byte[1 << 20];
        new Random(4).nextBytes(old);
        Files.write(onDisk, old);
        String oldMd5 = StoreFiles.md5Of(old);
        long newSize = 16L << 20;

        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    seen.add(StoreFiles.md5Of(onDisk));
                } catch (IOException e) {
                    seen.add("unreadable: " + e);
                }
            }
        });
        reader.start();
        String newMd5;
        try (StagedWrite write = store.beginStagedWrite(target, "req")) {
            newMd5 = StoreFiles.writeAll(write, new RandomBytes(5, newSize));
            write.finishWriting();
            assertThat(StoreFiles.md5Of(onDisk)).isEqualTo(oldMd5);
            write.commit();
        }
        seen.add(StoreFiles.md5Of(onDisk));
        done.set(true);
        reader.join();
        assertThat(seen).isNotEmpty().allMatch(md5 -> md5.equals(oldMd5) || md5.equals(newMd5));
        assertThat(seen.get(seen.size() - 1)).isEqualTo(newMd5);
    }

    @Test
    void temporaryFilesOfFindsEveryRequestsLeftoverOfThatTargetOnly() throws IOException {
        StoreName target = new StoreName("db", "backup-4");
        StagedWrite first = store.beginStagedWrite(target, "reqA");
        StagedWrite second = store.beginStagedWrite(target, "reqB");
        StagedWrite other = store.beginStagedWrite(new StoreName("db", "backup-5"), "reqA");
        Files.write(root.resolve("db/backup-4"), new byte[] {1});
        assertThat(store.temporaryFilesOf(target)).containsExactlyInAnyOrder(
                new StoreName("db", ".backup-4.reqA.part"), new StoreName("db", ".backup-4.reqB.part"));
        assertThat(store.temporaryFilesOf(new StoreName("nothing-here", "x"))).isEmpty();
        for (StoreName leftover : store.temporaryFilesOf(target)) {
            store.delete(leftover);
        }
        assertThat(StoreFiles.namesIn(root.resolve("db"))).containsExactly(".backup-5.reqA.part", "backup-4");
        first.abort();
        second.abort();
        other.abort();
        assertThat(StoreFiles.namesIn(root.resolve("db"))).containsExactly("backup-4");
    }

    @Test
    void freeSpaceAndTheRootCheckAnswerTheHostsFreeBytes() throws IOException {
        long local = root.toFile().getUsableSpace();
        assertThat(store.freeSpace(new StoreName("db", "x"))).isPositive();
        assertThat(store.checkRoot()).isPositive();
        // Same file system, same statvfs: within what other writers on the machine may take meanwhile.
        assertThat(store.checkRoot()).isBetween(local - (1L << 30), local + (1L << 30));
        assertThat(StoreFiles.namesIn(root)).isEmpty();

        try (SshStore missing = new SshStore(keySettings(root.resolve("no-such-root")))) {
            assertThatThrownBy(missing::checkRoot).isInstanceOf(SshStoreException.class)
                    .hasMessageContaining("does not exist").hasMessageContaining(root.resolve("no-such-root").toString());
        }
        Files.write(root.resolve("a-file"), new byte[0]);
        try (SshStore notADirectory = new SshStore(keySettings(root.resolve("a-file")))) {
            assertThatThrownBy(notADirectory::checkRoot).isInstanceOf(SshStoreException.class).hasMessageContaining("not a directory");
        }
    }

    @Test
    void aSymlinkInsideTheRootThatLeadsOutIsRefusedForReadWriteAndDelete() throws IOException {
        Path outside = Files.createTempDirectory("backupsync-outside-");
        try {
            Files.write(outside.resolve("secret"), new byte[] {42});
            Files.createSymbolicLink(root.resolve("escape"), outside);
            Files.createDirectories(root.resolve("db"));
            Files.createSymbolicLink(root.resolve("db/leak"), outside.resolve("secret"));
            StoreName throughFolder = new StoreName("escape", "secret");
            StoreName fileLink = new StoreName("db", "leak");
            for (StoreName name : List.of(throughFolder, fileLink)) {
                assertThatThrownBy(() -> store.openForReading(name, 0)).isInstanceOf(StoragePathException.class)
                        .hasMessageContaining("outside the root").hasMessageContaining(store.location());
                assertThatThrownBy(() -> store.size(name)).isInstanceOf(StoragePathException.class);
                assertThatThrownBy(() -> store.md5AtStore(name)).isInstanceOf(StoragePathException.class);
                assertThatThrownBy(() -> store.delete(name)).isInstanceOf(StoragePathException.class);
                assertThatThrownBy(() -> store.beginStagedWrite(name, "req")).isInstanceOf(StoragePathException.class);
            }
            assertThatThrownBy(() -> store.beginStagedWrite(new StoreName("escape", "new"), "req")).isInstanceOf(StoragePathException.class);
            assertThatThrownBy(() -> store.temporaryFilesOf(new StoreName("escape", "new"))).isInstanceOf(StoragePathException.class);
            assertThatThrownBy(() -> store.freeSpace(new StoreName("escape", "new"))).isInstanceOf(StoragePathException.class);
            assertThat(StoreFiles.namesIn(outside)).containsExactly("secret");
            assertThat(Files.readAllBytes(outside.resolve("secret"))).containsExactly(42);
            // A link that stays inside is followed as any file.
            Files.write(root.resolve("db/real"), new byte[] {7, 7});
            Files.createSymbolicLink(root.resolve("db/alias"), root.resolve("db/real"));
            assertThat(store.size(new StoreName("db", "alias"))).hasValue(2);
        } finally {
            Files.deleteIfExists(outside.resolve("secret"));
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void anotherHostKeyIsRefusedNamingBothFingerprintsAndTheHost() throws IOException {
        String otherKey = "SHA256:" + "A".repeat(43);
        try (SshStore pinnedElsewhere = new SshStore(keySettings(root).withHostKeyFingerprint(otherKey))) {
            assertThatThrownBy(pinnedElsewhere::checkRoot).isInstanceOf(HostKeyMismatchException.class)
                    .hasMessageContaining(otherKey).hasMessageContaining(sshd.hostKeyFingerprint())
                    .hasMessageContaining("root@127.0.0.1:" + sshd.port());
            assertThatThrownBy(() -> pinnedElsewhere.size(new StoreName("db", "x"))).isInstanceOf(HostKeyMismatchException.class);
        }
        assertThat(sshd.log()).doesNotContain("Accepted publickey for root from 127.0.0.1 port 0");
    }

    @Test
    void theHostKeyProbeLearnsTheFingerprintSshKeygenPrintsWithoutLoggingIn() throws Exception {
        SshHostKeys.PresentedKey presented = SshHostKeys.presentedBy("127.0.0.1", sshd.port(), Duration.ofSeconds(10));
        assertThat(presented.fingerprint()).isEqualTo(sshd.hostKeyFingerprint());
        assertThat(presented.keyType()).isEqualTo("ecdsa-sha2-nistp256");
        assertThat(presented.publicKey()).startsWith("ecdsa-sha2-nistp256 ");
        assertThat(sshd.log()).doesNotContain("host-key-probe");
    }

    @Test
    void passwordAuthWorksAndTheWrongPasswordIsRefusedWithoutShowingEitherAnywhere() throws Exception {
        Path userRoot = sshd.newRoot(OpenSshServer.PASSWORD_USER);
        String wrong = "Wrong-" + sshd.password();
        StringWriter captured = new StringWriter();
        try (LogCapture ignored = new LogCapture(captured)) {
            try (SshStore byPassword = new SshStore(passwordSettings(userRoot, sshd.password()))) {
                assertThat(byPassword.checkRoot()).isPositive();
                StoreName target = new StoreName("db", "by-password");
                try (StagedWrite write = byPassword.beginStagedWrite(target, "req")) {
                    String md5 = StoreFiles.writeAll(write, new RandomBytes(9, 100_000));
                    write.finishWriting();
                    write.commit();
                    assertThat(byPassword.md5AtStore(target)).hasValue(md5);
                }
                assertThat(byPassword.toString()).doesNotContain(sshd.password());
                assertThat(byPassword.settings().toString()).doesNotContain(sshd.password()).contains("password (not shown)");
            }
            try (SshStore wrongPassword = new SshStore(passwordSettings(userRoot, wrong))) {
                assertThatThrownBy(wrongPassword::checkRoot).isInstanceOf(SshStoreException.class)
                        .hasMessageContaining("cannot log in to " + OpenSshServer.PASSWORD_USER + "@127.0.0.1:" + sshd.port())
                        .satisfies(e -> assertThat(chainOf(e)).doesNotContain(wrong).doesNotContain(sshd.password()));
            }
        }
        assertThat(captured.toString()).contains("connected to " + OpenSshServer.PASSWORD_USER)
                .doesNotContain(sshd.password()).doesNotContain(wrong);
        assertThat(Files.getOwner(userRoot.resolve("db/by-password")).getName()).isEqualTo(OpenSshServer.PASSWORD_USER);
    }

    @Test
    void keyAuthWithAKeyTheHostDoesNotKnowIsRefusedNamingTheKeyFile() throws Exception {
        Path unknownKey = root.resolve("unknown_key");
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", unknownKey.toString()).start().waitFor();
        SshStoreSettings settings = SshStoreSettings.of(new SshEndpoint("127.0.0.1", sshd.port(), "root", root.toString()),
                sshd.hostKeyFingerprint(), unknownKey, null);
        try (SshStore unknown = new SshStore(settings)) {
            assertThatThrownBy(unknown::checkRoot).isInstanceOf(SshStoreException.class)
                    .hasMessageContaining("cannot log in to root@127.0.0.1:" + sshd.port()).hasMessageContaining(unknownKey.toString());
        }
        Path ed25519 = root.resolve("ed25519_key");
        new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", ed25519.toString()).start().waitFor();
        try (SshStore unusable = new SshStore(SshStoreSettings.of(settings.endpoint(), sshd.hostKeyFingerprint(), ed25519, null))) {
            assertThatThrownBy(unusable::checkRoot).isInstanceOf(SshStoreException.class)
                    .hasMessageContaining(ed25519.toString()).hasMessageContaining("holds no key this node can use");
        }
        assertThat(store.checkRoot()).isPositive();
    }

    @Test
    void aKilledSshdFailsTheCopyNamingTheStoreAndTheNextUseReconnects() throws Exception {
        try (OpenSshServer own = OpenSshServer.start()) {
            Path ownRoot = own.newRoot("root");
            SshStoreSettings settings = SshStoreSettings.of(new SshEndpoint("127.0.0.1", own.port(), "root", ownRoot.toString()),
                    own.hostKeyFingerprint(), own.clientKey(), null)
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(1));
            try (SshStore remote = new SshStore(settings)) {
                StoreName target = new StoreName("db", "cut");
                StagedWrite write = remote.beginStagedWrite(target, "req");
                StoreFiles.writeAll(write, new RandomBytes(11, 4 << 20));
                own.kill();
                assertThatThrownBy(() -> {
                    StoreFiles.writeAll(write, new RandomBytes(12, 64 << 20));
                    write.finishWriting();
                    write.commit();
                }).isInstanceOf(SshStoreException.class).hasMessageContaining(remote.location());
                write.abort();
                assertThat(StoreFiles.namesIn(ownRoot.resolve("db"))).containsExactly(".cut.req.part");

                own.restart();
                assertThat(remote.temporaryFilesOf(target)).containsExactly(new StoreName("db", ".cut.req.part"));
                remote.delete(new StoreName("db", ".cut.req.part"));
                try (StagedWrite again = remote.beginStagedWrite(target, "req2")) {
                    StoreFiles.writeAll(again, new RandomBytes(13, 1 << 20));
                    again.finishWriting();
                    again.commit();
                }
                assertThat(StoreFiles.namesIn(ownRoot.resolve("db"))).containsExactly("cut");
            }
        }
    }

    @Test
    void manyOperationsAtOnceStayWithinThePool() throws Exception {
        try (SshStore small = new SshStore(keySettings(root).withPool(1, 3))) {
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                Thread thread = new Thread(() -> {
                    try (StagedWrite write = small.beginStagedWrite(new StoreName("db", "f" + n), "req")) {
                        StoreFiles.writeAll(write, new RandomBytes(n, 2 << 20));
                        write.finishWriting();
                        write.commit();
                        small.md5AtStore(new StoreName("db", "f" + n));
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(failures).isEmpty();
            assertThat(StoreFiles.namesIn(root.resolve("db"))).containsExactlyInAnyOrder("f0", "f1", "f2", "f3", "f4", "f5");
        }
    }

    private static String chainOf(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                all.append(suppressed).append('\n');
            }
        }
        return all.toString();
    }

    /** Every log line of the SSH client and of this project, at DEBUG, into a writer while open. */
    private static final class LogCapture implements AutoCloseable {
        private static final Set<String> LOGGERS = Set.of("org.apache.sshd", "backupsync");
        private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
        private final WriterAppender appender;

        LogCapture(StringWriter into) {
            Configuration config = context.getConfiguration();
            appender = WriterAppender.newBuilder().setName("ssh-test-capture").setTarget(into)
                    .setLayout(PatternLayout.newBuilder().withPattern("%c %m %ex%n").build()).build();
            appender.start();
            config.addAppender(appender);
            for (String name : LOGGERS) {
                LoggerConfig logger = new LoggerConfig(name, Level.DEBUG, true);
                logger.addAppender(appender, Level.DEBUG, null);
                config.addLogger(name, logger);
            }
            context.updateLoggers();
        }

        @Override
        public void close() {
            Configuration config = context.getConfiguration();
            LOGGERS.forEach(config::removeLogger);
            config.getAppenders().remove(appender.getName());
            appender.stop();
            context.updateLoggers();
        }
    }
}
