package backupsync;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.ServiceRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The session cache as the README describes it ({@code backupsync.session-cache-seconds}), over HTTP: a session
 * deleted behind the node's back works here for at most the cache's time, and a cached session still ends at its
 * expiredDate.
 */
class SessionCacheHttpTest {
    private static final String QUERY = "/zstack/v1/database-backups";
    @TempDir
    static Path tmp;
    static ServiceRunner service;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        Fixture fixture = new Fixture(tmp);
        fixture.backup("admin", 100);
        service = fixture.service().with("backupsync.session-cache-seconds", "5").start();
        http = new Http(service.baseUrl());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void aSessionDeletedElsewhereWorksHereAtMostTheCacheTime() {
        String session = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        assertThat(http.get(QUERY, Http.session(session)).status()).isEqualTo(200);

        int deleted = service.jdbc().update("DELETE FROM SessionVO WHERE uuid = :uuid", Map.of("uuid", session));
        assertThat(deleted).isEqualTo(1);
        assertThat(http.get(QUERY, Http.session(session)).status())
                .as("checked a moment ago: trusted without reading SessionVO").isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertInvalidSession(http.get(QUERY, Http.session(session))));
    }

    @Test
    void aCachedSessionStillEndsAtItsExpiredDate() {
        String session = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        Instant expiry = Instant.now().plusMillis(1500);
        service.jdbc().update("UPDATE SessionVO SET expiredDate = :expiry WHERE uuid = :uuid",
                Map.of("expiry", Timestamp.from(expiry), "uuid", session));
        assertThat(http.get(QUERY, Http.session(session)).status()).as("read, then cached for 5 s").isEqualTo(200);

        // Refused by its expiredDate (1.5 s), well before the cache would read SessionVO again (5 s).
        await().atMost(Duration.ofMillis(3500)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertInvalidSession(http.get(QUERY, Http.session(session))));
    }

    private static void assertInvalidSession(Response response) {
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.error().get("code").asText()).isEqualTo("ID.1001");
    }
}
