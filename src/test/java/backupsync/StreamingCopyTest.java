package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.ServiceRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A copy streams: a backup larger than this JVM's whole heap is synced, verified and byte-identical. */
class StreamingCopyTest {
    @TempDir
    Path tmp;

    @Test
    void syncsABackupLargerThanTheHeap() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        long size = maxHeap + (64L << 20);
        Fixture fixture = new Fixture(tmp);
        // md5 in metadata is filled from the file at load time, so the copy is a verified (hashing) copy.
        String backup = fixture.backup("admin", size);
        try (ServiceRunner service = fixture.service().start()) {
            Http http = new Http(service.baseUrl());
            String session = http.login("admin", Http.ADMIN_PASSWORD_SHA512);

            Response response = http.put("/zstack/v1/database-backups/" + backup + "/actions",
                    Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(session));

            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json().get("inventory").get("size").asLong()).isEqualTo(size).isGreaterThan(maxHeap);
            assertThat(response.json().get("inventory").get("metadata").asText()).contains(Fixture.md5(fixture.onPrimary(backup)));
            assertThat(Files.mismatch(fixture.onPrimary(backup), fixture.onDr(backup))).isEqualTo(-1L);
        }
    }
}
