package backupsync.storage.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import backupsync.storage.StagedWrite;
import backupsync.storage.StoreName;
import backupsync.support.FaultySshServer;

/**
 * SshStore against an embedded MINA SSHD server made to fail. Each fault: the operation fails with an
 * SshStoreException naming the store, the temporary file is gone after abort, the target never appears.
 */
@Timeout(120)
class SshStoreFaultTest {
    private static final StoreName TARGET = new StoreName("db", "backup");

    @TempDir
    Path served;
    private FaultySshServer server;
    private SshStoreSettings settings;
    private SshStore store;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(served.resolve("store"));
        server = FaultySshServer.start(served);
        settings = SshStoreSettings.of(new SshEndpoint("127.0.0.1", server.port(), FaultySshServer.USER, "/store"),
                        server.hostKeyFingerprint(), null, server.password())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofMillis(500))
                .withMd5AtStore(false)
                // Each fault must surface as it came: resuming after a cut is SshStoreTest's, through the link emulator.
                .withRetries(0, Duration.ZERO);
        store = new SshStore(settings);
    }

    @AfterEach
    void stop() throws Exception {
        store.close();
        server.close();
    }

    private Path folder() {
        return served.resolve("store/db");
    }

    private void assertNothingLeft() throws Exception {
        assertThat(StoreFiles.namesIn(folder())).isEmpty();
        server.clearFaults();
        assertThat(store.size(TARGET)).isEmpty();
        assertThat(store.temporaryFilesOf(TARGET)).isEmpty();
    }

    @Test
    void aConnectionDroppedMidWriteFailsNamingTheStoreAndAbortCleansOverANewOne() throws Exception {
        // MINA's server offers no statvfs@openssh.com, so no checkRoot here; a stat proves the connection is up.
        assertThat(store.size(TARGET)).isEmpty();
        server.dropConnectionAfter(1 << 20);
        StagedWrite write = store.beginStagedWrite(TARGET, "req");
        assertThatThrownBy(() -> {
            StoreFiles.writeAll(write, new RandomBytes(1, 16 << 20));
            write.finishWriting();
            write.commit();
        }).isInstanceOf(SshStoreException.class).hasMessageContaining(store.location());
        write.abort();
        assertNothingLeft();
    }

    @Test
    void aWriteInProgressIsFlushedOnTheHostThroughAChannelOfItsOwn() throws Exception {
        java.util.concurrent.ScheduledExecutorService flushers = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (SshStore flushing = new SshStore(settings, flushers, 20)) {
            StagedWrite write = flushing.beginStagedWrite(TARGET, "req");
            java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
            RandomBytes bytes = new RandomBytes(9, Long.MAX_VALUE);
            byte[] chunk = new byte[64 * 1024];
            long written = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // Bytes keep flowing until the host has been asked to flush them, before the copy's own fsync.
            while (server.fsyncs() == 0) {
                assertThat(System.nanoTime()).as("a flush while writing").isLessThan(deadline);
                bytes.read(chunk, 0, chunk.length);
                write.stream().write(chunk);
                md5.update(chunk);
                written += chunk.length;
            }
            assertThat(write.finishWriting()).isEqualTo(written);
            write.commit();
            assertThat(StoreFiles.md5Of(folder().resolve("backup"))).isEqualTo(java.util.HexFormat.of().formatHex(md5.digest()));
        } finally {
            flushers.shutdownNow();
        }
        assertThat(StoreFiles.namesIn(folder())).containsExactly("backup");
    }

    @Test
    void aRefusedRenameFailsTheCommitAndLeavesNoTargetNorTemporaryFile() throws Exception {
        server.refuseRename(true);
        StagedWrite write = store.beginStagedWrite(TARGET, "req");
        StoreFiles.writeAll(write, new RandomBytes(2, 3 << 20));
        assertThat(write.finishWriting()).isEqualTo(3 << 20);
        assertThatThrownBy(write::commit).isInstanceOf(SshStoreException.class)
                .hasMessageContaining("publish db/.backup.req.part as db/backup").hasMessageContaining(store.location());
        assertThat(StoreFiles.namesIn(folder())).containsExactly(".backup.req.part");
        write.abort();
        assertNothingLeft();
    }

    @Test
    void aFullDiskFailsTheWriteAndAbortLeavesNothing() throws Exception {
        server.diskFullAfter(2 << 20);
        StagedWrite write = store.beginStagedWrite(TARGET, "req");
        assertThatThrownBy(() -> {
            StoreFiles.writeAll(write, new RandomBytes(3, 16 << 20));
            write.finishWriting();
        }).isInstanceOf(SshStoreException.class).hasMessageContaining(store.location()).hasMessageContaining("write db/.backup.req.part");
        write.abort();
        assertNothingLeft();
    }

    @Test
    void aReadOnlyRootFailsTheRootCheckAndTheWrite() throws Exception {
        server.readOnly(true);
        assertThatThrownBy(store::checkRoot).isInstanceOf(SshStoreException.class)
                .hasMessageContaining("does not take a new file").hasMessageContaining(store.location());
        Files.createDirectories(folder());
        assertThatThrownBy(() -> store.beginStagedWrite(TARGET, "req")).isInstanceOf(SshStoreException.class)
                .hasMessageContaining("begin writing db/.backup.req.part").hasMessageContaining(store.location());
        assertNothingLeft();
    }

    @Test
    void aServerThatStopsAnsweringFailsTheWriteWithinTheReadTimeout() throws Exception {
        server.stopAnsweringWrites();
        StagedWrite write = store.beginStagedWrite(TARGET, "req");
        assertThatThrownBy(() -> {
            StoreFiles.writeAll(write, new RandomBytes(4, 64 << 20));
            write.finishWriting();
        }).isInstanceOf(SshStoreException.class).hasMessageContaining(store.location());
        write.abort();
        server.answerAgain();
        assertNothingLeft();
    }

    @Test
    void aChangedHostKeyRefusesEveryOperationNamingBothKeys() throws Exception {
        String pinned = server.hostKeyFingerprint();
        StagedWrite write = store.beginStagedWrite(TARGET, "req");
        StoreFiles.writeAll(write, new RandomBytes(5, 1 << 20));
        server.changeHostKey();
        String presented = server.hostKeyFingerprint();
        assertThat(presented).isNotEqualTo(pinned);
        assertThatThrownBy(() -> {
            write.finishWriting();
            write.commit();
        }).isInstanceOf(SshStoreException.class);
        write.abort();
        for (var operation : new org.assertj.core.api.ThrowableAssert.ThrowingCallable[] {
                store::checkRoot, () -> store.size(TARGET), () -> store.beginStagedWrite(TARGET, "req2"), () -> store.delete(TARGET)}) {
            assertThatThrownBy(operation).isInstanceOf(HostKeyMismatchException.class)
                    .hasMessageContaining(pinned).hasMessageContaining(presented)
                    .hasMessageContaining(FaultySshServer.USER + "@127.0.0.1:" + server.port());
        }
        // The temporary file of the cut write is left for recovery, which cannot reach the host until an admin accepts.
        assertThat(StoreFiles.namesIn(folder())).containsExactly(".backup.req.part");
        assertThat(Files.exists(folder().resolve("backup"))).isFalse();
    }
}
