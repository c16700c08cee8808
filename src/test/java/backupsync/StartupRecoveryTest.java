package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.ServiceRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At start-up a node undoes the copies it left half-done (its reservations), at once; another node's reservation is
 * left to that node (or to the lease). The SIGKILL version of this is CrashRecoveryIT.
 */
class StartupRecoveryTest {
    @TempDir
    Path tmp;

    @Test
    void aRestartedNodeRemovesItsPartialCopiesAndCreatingRefs() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String mine = fixture.backup("admin", 50_000);
        String renamedNotCommitted = fixture.backup("admin", 50_000);
        String othersNode = fixture.backup("admin", 50_000);
        Path myPartial = fixture.onDr(mine).resolveSibling("." + mine + ".req1.part");
        Path othersPartial = fixture.onDr(othersNode).resolveSibling("." + othersNode + ".req3.part");
        try (ServiceRunner first = fixture.service().with("backupsync.node-id", "node-a").start()) {
            // What a process killed mid-copy leaves: Creating refs, their reservations, a partial and an unrecorded file.
            plant(first, fixture, mine, "node-a", "req1");
            plant(first, fixture, renamedNotCommitted, "node-a", "req2");
            plant(first, fixture, othersNode, "node-b", "req3");
            Fixture.writeRandomFile(myPartial, 1000, 1);
            Fixture.writeRandomFile(fixture.onDr(renamedNotCommitted), 50_000, 2);
            Fixture.writeRandomFile(othersPartial, 1000, 3);
        }
        try (ServiceRunner restarted = fixture.service().with("backupsync.node-id", "node-a").start()) {
            assertThat(myPartial).doesNotExist();
            assertThat(fixture.onDr(renamedNotCommitted)).doesNotExist();
            assertThat(refStatuses(restarted, fixture)).containsOnlyKeys(othersNode);
            assertThat(othersPartial).exists();
            assertThat(restarted.jdbc().queryForList("SELECT nodeId FROM SyncReservationVO", Map.of(), String.class))
                    .containsExactly("node-b");

            syncAndCompare(restarted, fixture, mine);
            assertThat(restarted.jdbc().queryForList("SELECT nodeId FROM SyncReservationVO", Map.of(), String.class))
                    .as("a committed sync releases its reservation").containsExactly("node-b");
        }
    }

    @Test
    void aStaleReservationRecordWithoutItsRefDoesNotBlockTheNextSync() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", 50_000);
        try (ServiceRunner service = fixture.service().with("backupsync.node-id", "node-a").start()) {
            // What a holder that died between deleting its ref and its record leaves: the record alone.
            plant(service, fixture, backup, "node-gone", "req9");
            service.jdbc().update("DELETE FROM DatabaseBackupStorageRefVO WHERE databaseBackupUuid = :b AND backupStorageUuid = :s",
                    Map.of("b", backup, "s", fixture.drUuid));

            syncAndCompare(service, fixture, backup);
            assertThat(refStatuses(service, fixture)).containsEntry(backup, "Ready");
            assertThat(service.jdbc().queryForList("SELECT nodeId FROM SyncReservationVO", Map.of(), String.class))
                    .as("the stale record was removed and the sync's own released").isEmpty();
        }
    }

    @Test
    void recoveryResolvesStoreRelativeNamesAndDeletesALegacyPathOnlyUnderItsStoresRoot() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String relative = fixture.backup("admin", 50_000);
        String legacyOutside = fixture.backup("admin", 50_000);
        Path partial = fixture.onDr(relative).resolveSibling("." + relative + ".req4.part");
        try (ServiceRunner first = fixture.service().with("backupsync.node-id", "node-a").start()) {
            // What this version records: names relative to the store's root.
            plant(first, fixture, relative, "node-a", "req4", "zsbak/." + relative + ".req4.part", "zsbak/" + relative);
            // An absolute path that is not under the DR store's root (here: the source's file) must survive.
            plant(first, fixture, legacyOutside, "node-a", "req5",
                    fixture.onPrimary(legacyOutside).resolveSibling("." + legacyOutside + ".req5.part").toString(),
                    fixture.onPrimary(legacyOutside).toString());
            Fixture.writeRandomFile(partial, 1000, 4);
            Fixture.writeRandomFile(fixture.onDr(relative), 50_000, 5);
            Fixture.writeRandomFile(fixture.onPrimary(legacyOutside).resolveSibling("." + legacyOutside + ".req5.part"), 100, 6);
        }
        try (ServiceRunner restarted = fixture.service().with("backupsync.node-id", "node-a").start()) {
            assertThat(partial).doesNotExist();
            assertThat(fixture.onDr(relative)).doesNotExist();
            assertThat(fixture.onPrimary(legacyOutside)).as("outside the DR store's root: not touched").exists();
            assertThat(fixture.onPrimary(legacyOutside).resolveSibling("." + legacyOutside + ".req5.part")).exists();
            assertThat(refStatuses(restarted, fixture)).isEmpty();
            assertThat(restarted.jdbc().queryForList("SELECT nodeId FROM SyncReservationVO", Map.of(), String.class)).isEmpty();
            syncAndCompare(restarted, fixture, relative);
            syncAndCompare(restarted, fixture, legacyOutside);
            assertThat(restarted.jdbc().queryForList(
                    "SELECT temporaryPath FROM SyncReservationVO", Map.of(), String.class)).isEmpty();
        }
    }

    /** Syncs the backup to the DR store as admin over REST: 200, and the copy equals the source byte for byte. */
    private static void syncAndCompare(ServiceRunner service, Fixture fixture, String backup) throws Exception {
        Http http = new Http(service.baseUrl());
        String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        Response synced = http.put("/zstack/v1/database-backups/" + backup + "/actions",
                Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin));
        assertThat(synced.status()).as(synced.toString()).isEqualTo(200);
        assertThat(Files.mismatch(fixture.onPrimary(backup), fixture.onDr(backup))).isEqualTo(-1L);
    }

    /** As the version before store-relative names recorded it: absolute paths. */
    private static void plant(ServiceRunner service, Fixture fixture, String backup, String node, String request) {
        plant(service, fixture, backup, node, request,
                fixture.onDr(backup).resolveSibling("." + backup + "." + request + ".part").toString(),
                fixture.onDr(backup).toString());
    }

    private static void plant(ServiceRunner service, Fixture fixture, String backup, String node, String request,
                              String temporaryPath, String targetPath) {
        service.jdbc().update("""
                INSERT INTO DatabaseBackupStorageRefVO
                    (backupStorageUuid, databaseBackupUuid, status, installPath, exportUrl, lastOpDate, createDate)
                VALUES (:s, :b, 'Creating', :p, NULL, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""",
                Map.of("s", fixture.drUuid, "b", backup, "p", "zstore://zsbak/" + backup));
        service.jdbc().update("""
                INSERT INTO SyncReservationVO (databaseBackupUuid, backupStorageUuid, nodeId, requestId, temporaryPath, targetPath, createDate)
                VALUES (:b, :s, :n, :r, :t, :f, CURRENT_TIMESTAMP)""",
                Map.of("b", backup, "s", fixture.drUuid, "n", node, "r", request, "t", temporaryPath, "f", targetPath));
    }

    private static Map<String, Object> refStatuses(ServiceRunner service, Fixture fixture) {
        Map<String, Object> statuses = new java.util.HashMap<>();
        service.jdbc().queryForList("SELECT databaseBackupUuid, status FROM DatabaseBackupStorageRefVO WHERE backupStorageUuid = :s",
                Map.of("s", fixture.drUuid)).forEach(row -> statuses.put((String) row.get("databaseBackupUuid"), row.get("status")));
        return statuses;
    }
}
