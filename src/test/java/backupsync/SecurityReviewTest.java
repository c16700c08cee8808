package backupsync;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import backupsync.api.Uuids;
import backupsync.auth.PasswordHash;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security review of issue 6 (docs/reliability.md): session ids cannot be guessed, a presented session is never
 * echoed nor logged, one account learns nothing of another's backups through the queries, and the store-root
 * containment holds for a symlinked source file.
 */
class SecurityReviewTest {
    @TempDir
    static Path tmp;
    static Fixture fixture;
    static ServiceRunner service;
    static Http http;
    static String tenant1Backup;
    static String tenant2Backup;
    static String symlinkedSourceBackup;
    static final StringWriter LOGS = new StringWriter();
    static WriterAppender capture;

    @BeforeAll
    static void start() throws Exception {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        capture = WriterAppender.newBuilder().setName("security-review-capture").setTarget(LOGS)
                .setLayout(PatternLayout.newBuilder().withPattern("%c %msg%n%throwable").build()).build();
        capture.start();
        context.getConfiguration().addAppender(capture);
        context.getRootLogger().addAppender(capture);
        fixture = new Fixture(tmp);
        tenant1Backup = fixture.backup("tenant1", 4096);
        tenant2Backup = fixture.backup("tenant2", 4096);
        symlinkedSourceBackup = fixture.backup("admin", 4096);
        service = fixture.service().start();
        http = new Http(service.baseUrl());
    }

    @AfterAll
    static void stop() {
        service.close();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getRootLogger().removeAppender(capture);
        capture.stop();
    }

    @Test
    void sessionIdsAreFull128BitRandomNotVersion4Uuids() {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            sessions.add(http.login("admin", Http.ADMIN_PASSWORD_SHA512));
        }
        assertThat(sessions).allMatch(Uuids::isValid).doesNotHaveDuplicates();
        // A version-4 UUID has '4' at index 12 and one of 8,9,a,b at index 16 (6 fixed bits): 24 SecureRandom
        // ids all looking like that would happen with probability 2^-144.
        assertThat(sessions).as("session ids with all 128 bits random")
                .anyMatch(s -> s.charAt(12) != '4' || "89ab".indexOf(s.charAt(16)) < 0);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            ids.add(Uuids.sessionId());
        }
        assertThat(ids).allMatch(Uuids::isValid).doesNotHaveDuplicates()
                .anyMatch(s -> s.charAt(12) != '4').anyMatch(s -> "89ab".indexOf(s.charAt(16)) < 0);
    }

    @Test
    void anExpiredSessionIsNeitherEchoedNorLogged() {
        String tenantPassword = PasswordHash.sha512Hex("secret1");
        // Expired in the database before its first use: a session this node had used would be trusted from its
        // cache for a few seconds more (backupsync.session-cache-seconds; SessionCacheTest).
        String session = http.login("tenant1", tenantPassword);
        service.jdbc().update("UPDATE SessionVO SET expiredDate = :past WHERE uuid = :u",
                Map.of("past", Timestamp.from(Instant.now().minusSeconds(1)), "u", session));

        List<Response> answers = List.of(
                http.get("/zstack/v1/database-backups", Http.session(session)),
                http.put("/zstack/v1/database-backups/" + tenant1Backup + "/actions",
                        Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(session)),
                http.get("/zstack/v1/database-backups/syncs/progress", Http.session(session)),
                http.get("/zstack/v1/api-jobs/" + Uuids.random(), Http.session(session)));
        for (Response answer : answers) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
            assertThat(answer.error().get("code").asText()).isEqualTo("ID.1001");
            assertThat(answer.text()).as("the expired session is not echoed").doesNotContain(session);
        }
        String garbage = "0123456789abcdef0123456789abcdef";
        Response unknown = http.get("/zstack/v1/database-backups", Http.session(garbage));
        assertThat(unknown.text()).doesNotContain(garbage);

        assertThat(LOGS.toString()).as("logs").isNotEmpty()
                .doesNotContain(session).doesNotContain(tenantPassword).doesNotContain(Http.ADMIN_PASSWORD_SHA512);
    }

    @Test
    void noSessionOrPasswordHashInTheLogsOfAWholeSync() {
        String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        String backup = tenant1Backup;
        Response synced = http.put("/zstack/v1/database-backups/" + backup + "/actions",
                Http.publishedBody(fixture.primaryUuid, fixture.thirdUuid), Http.session(admin));
        assertThat(synced.status()).as(synced.toString()).isEqualTo(200);
        http.put("/zstack/v1/accounts/login", "{\"logInByAccount\":{\"accountName\":\"admin\",\"password\":\"" + "ab".repeat(64) + "\"}}",
                Map.of("Content-Type", "application/json"));
        assertThat(LOGS.toString()).doesNotContain(admin).doesNotContain(Http.ADMIN_PASSWORD_SHA512)
                .doesNotContain("ab".repeat(64));
    }

    @Test
    void queriesNeverRevealAnotherAccountsBackup() {
        String tenant1 = http.login("tenant1", PasswordHash.sha512Hex("secret1"));
        Response byUuid = http.get("/zstack/v1/database-backups/" + tenant2Backup, Http.session(tenant1));
        assertThat(byUuid.status()).isEqualTo(200);
        assertThat(byUuid.json().get("inventories")).isEmpty();
        Response byCondition = http.get("/zstack/v1/database-backups?q=uuid=" + tenant2Backup + "&replyWithCount=true",
                Http.session(tenant1));
        assertThat(byCondition.json().get("inventories")).isEmpty();
        assertThat(byCondition.json().get("total").asLong()).isZero();
        Response count = http.get("/zstack/v1/database-backups?count=true", Http.session(tenant1));
        assertThat(count.json().get("total").asLong()).isEqualTo(1);
        Response all = http.get("/zstack/v1/database-backups", Http.session(tenant1));
        assertThat(all.text()).contains(tenant1Backup).doesNotContain(tenant2Backup);
        // An unknown uuid and another account's look the same.
        Response unknown = http.get("/zstack/v1/database-backups/" + Uuids.random(), Http.session(tenant1));
        assertThat(unknown.json().get("inventories")).isEqualTo(byUuid.json().get("inventories"));
    }

    @Test
    void aSymlinkedSourceFileLeadingOutOfTheStoreIsRefused() throws Exception {
        Path source = fixture.onPrimary(symlinkedSourceBackup);
        Path outside = Files.createDirectories(tmp.resolve("outside-source")).resolve("secret");
        Files.move(source, outside);
        Files.createSymbolicLink(source, outside);
        String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        try {
            int refs = refCount();
            Response response = http.put("/zstack/v1/database-backups/" + symlinkedSourceBackup + "/actions",
                    Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin));
            assertThat(response.status()).as(response.toString()).isEqualTo(503);
            JsonNode error = response.error();
            assertThat(error.get("code").asText()).isEqualTo("SYS.1006");
            assertThat(error.get("details").asText()).contains("symbolic link");
            assertThat(fixture.onDr(symlinkedSourceBackup)).doesNotExist();
            assertThat(Fixture.filesUnder(fixture.dr)).noneMatch(f -> f.getFileName().toString().endsWith(".part"));
            assertThat(refCount()).isEqualTo(refs);
        } finally {
            Files.delete(source);
            Files.move(outside, source);
        }
    }

    private static int refCount() {
        return service.jdbc().queryForObject("SELECT COUNT(*) FROM DatabaseBackupStorageRefVO", Map.of(), Integer.class);
    }
}
