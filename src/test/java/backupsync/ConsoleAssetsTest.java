package backupsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import backupsync.auth.PasswordHash;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.ServiceRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's files over plain HTTP: served from the jar, confined to its folder; its one door checks sessions. */
class ConsoleAssetsTest {
    @TempDir
    static Path tmp;
    static ServiceRunner service;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        Fixture fixture = new Fixture(tmp);
        fixture.backup("admin", 1000);
        fixture.replicationPolicy("uuid: d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1, name: nightly, sourceBackupStorageUuid: %s, destinationBackupStorageUuids: [%s], schedule: '0 0 2 * * ?'"
                .formatted(fixture.primaryUuid, fixture.drUuid));
        service = fixture.service().start();
        http = new Http(service.baseUrl());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void thePageAndItsFilesComeFromTheJarWithAStrictPolicy() {
        for (String path : new String[] {"/console", "/console/", "/console/index.html"}) {
            Response page = http.get(path, Map.of());
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.raw().headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
            assertThat(page.text()).contains("<title>backup-sync console</title>", "/console/console.js");
            // Nothing from another origin and no inline script: the page works offline and resists injection.
            assertThat(page.raw().headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("default-src 'self'", "script-src 'self'").doesNotContain("unsafe-inline");
            assertThat(page.text()).doesNotContain("http://", "https://", "<script>");
        }
        Response script = http.get("/console/console.js", Map.of());
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.raw().headers().firstValue("Content-Type")).hasValue("text/javascript;charset=UTF-8");
        assertThat(script.raw().headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(http.get("/console/console.css", Map.of()).raw().headers().firstValue("Content-Type"))
                .hasValue("text/css;charset=UTF-8");
    }

    @Test
    void noPathLeavesTheConsoleFolder() {
        for (String path : new String[] {"/console/nothing.js", "/console/log4j2.properties", "/console/sql/select-session-caller.sql",
                "/console/..%2Flog4j2.properties", "/console/%2e%2e/application.properties", "/console/backupsync/Application.class",
                "/console/INDEX.HTML", "/console/index.html%00.js"}) {
            Response answer = http.get(path, Map.of());
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.text()).as(path).doesNotContain("camel.", "SELECT", "log4j", "Exception");
        }
        Response missing = http.get("/console/nothing.js", Map.of());
        assertThat(missing.raw().headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
        assertThat(missing.text()).contains("No such page in the console");
        // Only GET: anything else is the API's 405/404 ErrorCode, never a page.
        Response post = http.send("POST", "/console/", "{}", Map.of("Content-Type", "application/json"));
        assertThat(post.status()).isIn(404, 405);
        assertThat(post.error()).isNotNull();
    }

    @Test
    void logOutEndsTheSessionAndIsIdempotent() {
        String session = http.login("tenant1", PasswordHash.sha512Hex("secret1"));
        String other = http.login("tenant1", PasswordHash.sha512Hex("secret1"));
        assertThat(http.get("/zstack/v1/database-backups", Http.session(session)).status()).isEqualTo(200);
        // ZStack's LogOut: DELETE with the session in the path, no Authorization needed, answered {}.
        Response out = http.send("DELETE", "/zstack/v1/accounts/sessions/" + session, null, Map.of());
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.json().isEmpty()).isTrue();
        Response after = http.get("/zstack/v1/database-backups", Http.session(session));
        assertThat(after.status()).isEqualTo(503);
        assertThat(after.error().get("code").asText()).isEqualTo("ID.1001");
        // Another session of the same account goes on; logging out twice, or an unknown session, is not an error.
        assertThat(http.get("/zstack/v1/database-backups", Http.session(other)).status()).isEqualTo(200);
        assertThat(http.send("DELETE", "/zstack/v1/accounts/sessions/" + session, null, Map.of()).status()).isEqualTo(200);
        assertThat(http.send("DELETE", "/zstack/v1/accounts/sessions/not-a-uuid", null, Map.of()).status()).isEqualTo(200);
        Response get = http.get("/zstack/v1/accounts/sessions/" + other, Map.of());
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.raw().headers().firstValue("Allow")).hasValue("DELETE");
    }

    @Test
    void nextFireTimesAreForAdminSessionsOnly() {
        Response none = http.get("/console/api/next-fire-times", Map.of());
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.error().get("code").asText()).isEqualTo("ID.1001");
        Response bad = http.get("/console/api/next-fire-times", Http.session("0123456789abcdef0123456789abcdef"));
        assertThat(bad.error().get("code").asText()).isEqualTo("ID.1001");
        String tenant = http.login("tenant1", PasswordHash.sha512Hex("secret1"));
        Response denied = http.get("/console/api/next-fire-times", Http.session(tenant));
        assertThat(denied.status()).isEqualTo(503);
        assertThat(denied.error().get("code").asText()).isEqualTo("ID.1002");

        String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        Response next = http.get("/console/api/next-fire-times", Http.session(admin));
        assertThat(next.status()).isEqualTo(200);
        // Quartz's own trigger: the next 02:00:00 of the node's time zone.
        assertThat(next.json().get("nextFireTimes").get("d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1").asText()).contains("2:00:00 AM");
    }
}
