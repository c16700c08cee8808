package backupsync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Storage faults on a real small filesystem (docs/reliability.md): the destination store "third" is a 4 MiB tmpfs.
 * A full destination, a race for the last free space, a read-only destination: each answers the right ErrorCode and
 * leaves no partial file, no ref and the recorded capacity as it was. Needs root and mount(8); skipped otherwise.
 */
class StorageFaultsTest {
    private static final long MIB = 1024 * 1024;
    @TempDir
    static Path tmp;
    static Fixture fixture;
    static ServiceRunner service;
    static Http http;
    static String admin;
    static boolean mounted;
    static final List<String> backups = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        fixture = new Fixture(tmp);
        mounted = run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", fixture.third.toString());
        Assumptions.assumeTrue(mounted, "mount -t tmpfs is not permitted here");
        for (int i = 0; i < 4; i++) {
            backups.add(fixture.backup("admin", 3 * MIB));
        }
        service = fixture.service().start();
        http = new Http(service.baseUrl());
        admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (mounted) {
            run("umount", "-l", fixture.third.toString());
        }
    }

    @AfterEach
    void emptyTheTmpfs() throws Exception {
        run("mount", "-o", "remount,rw", fixture.third.toString());
        for (Path file : Fixture.filesUnder(fixture.third)) {
            Files.delete(file);
        }
        service.jdbc().update("DELETE FROM DatabaseBackupStorageRefVO WHERE backupStorageUuid = :s", Map.of("s", fixture.thirdUuid));
    }

    @Test
    void aDestinationWithoutRoomIsRefusedBeforeCopying() throws Exception {
        Fixture.writeRandomFile(fixture.third.resolve("filler"), 2 * MIB, 1);
        Object capacity = capacityOfThird();
        JsonNode error = expectFailure(sync(backups.get(0)), "SYS.1006");
        assertThat(error.get("details").asText()).contains("bytes free").contains(fixture.thirdUuid);
        assertUnchanged(backups.get(0), capacity);
    }

    @Test
    void twoSyncsRacingForTheLastFreeSpaceLeaveOneCopyAndNoPartialFile() throws Exception {
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> sync(backups.get(1)));
        CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> sync(backups.get(2)));
        List<Response> answers = List.of(first.get(2, TimeUnit.MINUTES), second.get(2, TimeUnit.MINUTES));
        // 6 MiB into 4: one fits. The first copy claims its 3 MiB, so the second is refused before it writes
        // anything (or, if the first has finished already, by the free space it left), instead of both copies
        // running out of room half-way.
        assertThat(answers).as(answers.toString()).filteredOn(r -> r.status() == 200).hasSize(1);
        for (int i = 0; i < 2; i++) {
            Response answer = answers.get(i);
            String backup = backups.get(1 + i);
            if (answer.status() == 200) {
                assertThat(Files.size(fixture.third.resolve("zsbak").resolve(backup))).isEqualTo(3 * MIB);
                continue;
            }
            assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
            assertThat(answer.error().get("code").asText()).isEqualTo("SYS.1006");
            assertThat(answer.error().get("details").asText()).contains("bytes free").contains("copies in flight still need");
            assertThat(answer.text()).doesNotContain("Exception");
            assertThat(fixture.third.resolve("zsbak").resolve(backup)).doesNotExist();
            assertThat(refOnThird(backup)).isZero();
        }
        assertThat(Fixture.filesUnder(fixture.third)).noneMatch(f -> f.getFileName().toString().endsWith(".part"));
    }

    @Test
    void aReadOnlyDestinationIsAnIoError() throws Exception {
        Files.createDirectories(fixture.third.resolve("zsbak"));
        assertThat(run("mount", "-o", "remount,ro", fixture.third.toString())).isTrue();
        Object capacity = capacityOfThird();
        JsonNode error = expectFailure(sync(backups.get(3)), "SYS.1016");
        assertThat(error.get("details").asText()).containsIgnoringCase("read-only");
        assertUnchanged(backups.get(3), capacity);
    }

    private static Response sync(String backup) {
        return http.put("/zstack/v1/database-backups/" + backup + "/actions",
                Http.publishedBody(fixture.primaryUuid, fixture.thirdUuid), Http.session(admin));
    }

    private static JsonNode expectFailure(Response response, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        assertThat(response.error().get("code").asText()).as(response.toString()).isEqualTo(code);
        assertThat(response.text()).doesNotContain("Exception").doesNotContain("\tat ");
        return response.error();
    }

    private static void assertUnchanged(String backup, Object capacity) throws IOException {
        assertThat(fixture.third.resolve("zsbak").resolve(backup)).doesNotExist();
        assertThat(Fixture.filesUnder(fixture.third)).noneMatch(f -> f.getFileName().toString().endsWith(".part"));
        assertThat(refOnThird(backup)).isZero();
        assertThat(capacityOfThird()).isEqualTo(capacity);
    }

    private static int refOnThird(String backup) {
        return service.jdbc().queryForObject("SELECT COUNT(*) FROM DatabaseBackupStorageRefVO WHERE backupStorageUuid = :s "
                + "AND databaseBackupUuid = :b", Map.of("s", fixture.thirdUuid, "b", backup), Integer.class);
    }

    private static Object capacityOfThird() {
        return service.jdbc().queryForList("SELECT availableCapacity FROM BackupStorageVO WHERE uuid = :s",
                Map.of("s", fixture.thirdUuid)).toString();
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        boolean ok = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        if (!ok) {
            System.err.println(String.join(" ", command) + ": " + output);
        }
        return ok;
    }
}
