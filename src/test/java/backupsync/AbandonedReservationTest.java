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

/** A node that died while copying left a Creating ref and a partial file: once its lease runs out, a sync takes over. */
class AbandonedReservationTest {
    @TempDir
    Path tmp;

    @Test
    void aCreatingRefWithoutHeartbeatIsTakenOverAfterTheLease() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", 64 * 1024);
        try (ServiceRunner service = fixture.service().with("backupsync.sync.lease-seconds", "1").start()) {
            // What the dead node left: its Creating ref, never refreshed again, and its temporary file.
            service.jdbc().update("""
                    INSERT INTO DatabaseBackupStorageRefVO
                        (backupStorageUuid, databaseBackupUuid, status, installPath, exportUrl, lastOpDate, createDate)
                    VALUES (:s, :b, 'Creating', :p, NULL, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""",
                    Map.of("s", fixture.drUuid, "b", backup, "p", "zstore://zsbak/" + backup));
            Path partial = fixture.onDr(backup).resolveSibling("." + backup + ".deadnode.part");
            Fixture.writeRandomFile(partial, 1000, 1);

            Http http = new Http(service.baseUrl());
            Response response = http.put("/zstack/v1/database-backups/" + backup + "/actions",
                    Http.publishedBody(fixture.primaryUuid, fixture.drUuid),
                    Http.session(http.login("admin", Http.ADMIN_PASSWORD_SHA512)));

            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(Files.mismatch(fixture.onPrimary(backup), fixture.onDr(backup))).isEqualTo(-1L);
            assertThat(Files.exists(partial)).isFalse();
            assertThat(service.jdbc().queryForList(
                    "SELECT status FROM DatabaseBackupStorageRefVO WHERE databaseBackupUuid = :b AND backupStorageUuid = :s",
                    Map.of("b", backup, "s", fixture.drUuid), String.class)).containsExactly("Ready");
        }
    }
}
