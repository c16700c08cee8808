package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import backupsync.api.Uuids;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error case of zstack-compat.md sections 2, 4 and 5: the right code and HTTP status, details that say
 * what to fix, and nothing left behind (no ref row, no file on the destination).
 */
class SyncErrorsTest {
    @TempDir
    static Path tmp;
    static Fixture fixture;
    static ServiceRunner service;
    static Http http;
    static String admin;
    static String tenant1;
    static String tenant1Backup;
    static String tenant2Backup;
    static String disabledBackup;
    static String creatingBackup;
    static String badMd5Backup;
    static String escapingBackup;
    static String truncatedBackup;
    static String missingFileBackup;
    static String symlinkBackup;
    static String noRoomBackup;

    private int refsBefore;
    private List<Path> drFilesBefore;

    @BeforeAll
    static void start() throws Exception {
        fixture = new Fixture(tmp);
        tenant1Backup = fixture.backup("tenant1", 4096);
        tenant2Backup = fixture.backup("tenant2", 4096);
        disabledBackup = fixture.backup("admin", 10, "{}", "Disabled", "Ready");
        creatingBackup = fixture.backup("admin", 10, "{}", "Enabled", "Creating");
        badMd5Backup = fixture.backup("admin", 200_000, "{\"md5\":\"0123456789abcdef0123456789abcdef\"}", "Enabled", "Ready");
        escapingBackup = fixture.backup("admin", 10);
        truncatedBackup = fixture.backup("admin", 5000);
        missingFileBackup = fixture.backup("admin", 5000);
        symlinkBackup = fixture.backup("admin", 10);
        noRoomBackup = fixture.backup("admin", 10);
        service = fixture.service().start();
        http = new Http(service.baseUrl());
        admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        tenant1 = http.login("tenant1", backupsync.auth.PasswordHash.sha512Hex("secret1"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @BeforeEach
    void snapshot() throws Exception {
        refsBefore = refCount();
        drFilesBefore = Fixture.filesUnder(fixture.dr);
    }

    @AfterEach
    void nothingChanged() throws Exception {
        assertThat(refCount()).as("ref rows").isEqualTo(refsBefore);
        assertThat(Fixture.filesUnder(fixture.dr)).as("files on the destination").isEqualTo(drFilesBefore);
    }

    private static int refCount() {
        return service.jdbc().queryForObject("SELECT COUNT(*) FROM DatabaseBackupStorageRefVO", Map.of(), Integer.class);
    }

    private static Response sync(String backupUuid, String body, Map<String, String> headers) {
        return http.put("/zstack/v1/database-backups/" + backupUuid + "/actions", body, headers);
    }

    private static Response syncAsAdmin(String backupUuid) {
        return sync(backupUuid, Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin));
    }

    private static JsonNode expectError(Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        JsonNode error = response.error();
        assertThat(error.get("code").asText()).as(response.toString()).isEqualTo(code);
        assertThat(error.get("description").asText()).isNotBlank();
        assertThat(error.get("details").asText()).isNotBlank();
        assertThat(error.has("elaboration") && error.has("opaque") && error.has("cause")).isTrue();
        assertThat(response.text()).doesNotContain("Exception").doesNotContain("\tat ");
        return error;
    }

    // Section 5 and the malformed-request rules of section 3: 400

    @Test
    void missingAuthorizationIs400() {
        Response response = sync(tenant1Backup, Http.publishedBody(fixture.primaryUuid, fixture.drUuid),
                Map.of("Content-Type", "application/json"));
        assertThat(expectError(response, 400, "ID.1001").get("details").asText()).contains("Authorization");
    }

    @Test
    void nonOAuthAuthorizationIs400() {
        Response response = sync(tenant1Backup, Http.publishedBody(fixture.primaryUuid, fixture.drUuid),
                Map.of("Authorization", "Basic YWRtaW46cGFzc3dvcmQ=", "Content-Type", "application/json"));
        assertThat(expectError(response, 400, "ID.1001").get("details").asText()).contains("OAuth");
    }

    @Test
    void invalidJsonIs400() {
        expectError(sync(tenant1Backup, "{\"syncdatabasebackupfromimagestorebackupstorage\":", Http.session(admin)), 400, "SYS.1007");
    }

    @Test
    void noActionKeyIs400() {
        Response response = sync(tenant1Backup, "{\"srcBackupStorageUuid\":\"" + fixture.primaryUuid + "\"}", Http.session(admin));
        assertThat(expectError(response, 400, "SYS.1007").get("details").asText()).contains("syncDatabaseBackupFromImageStoreBackupStorage");
    }

    @Test
    void unknownSessionIsID1001() {
        expectError(sync(tenant1Backup, Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(Uuids.random())),
                503, "ID.1001");
    }

    @Test
    void expiredSessionIsID1001() {
        String session = http.login("tenant1", backupsync.auth.PasswordHash.sha512Hex("secret1"));
        service.jdbc().update("UPDATE SessionVO SET expiredDate = :past WHERE uuid = :u",
                Map.of("past", java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1)), "u", session));
        expectError(sync(tenant1Backup, Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(session)),
                503, "ID.1001");
    }

    @Test
    void anotherAccountsBackupIsID1002() {
        Response response = sync(tenant2Backup, Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(tenant1));
        String tenant1Uuid = service.jdbc().queryForObject("SELECT uuid FROM AccountVO WHERE name = 'tenant1'", Map.of(), String.class);
        assertThat(expectError(response, 503, "ID.1002").get("details").asText()).isEqualTo(
                "operation denied. The resource[uuid: %s] doesn't belong to the account[uuid: %s]".formatted(tenant2Backup, tenant1Uuid));
    }

    @Test
    void wrongPasswordIsRefused() {
        Response response = http.put("/zstack/v1/accounts/login",
                "{\"logInByAccount\":{\"accountName\":\"admin\",\"password\":\"" + backupsync.auth.PasswordHash.sha512Hex("wrong") + "\"}}",
                Map.of("Content-Type", "application/json"));
        expectError(response, 503, "ID.1000");
    }

    // Validation: SYS.1007

    @Test
    void missingDestinationIsSYS1007() {
        Response response = sync(tenant1Backup, "{\"syncDatabaseBackupFromImageStoreBackupStorage\":{\"srcBackupStorageUuid\":\"" + fixture.primaryUuid + "\"}}",
                Http.session(admin));
        assertThat(expectError(response, 503, "SYS.1007").get("details").asText()).contains("dstBackupStorageUuid").contains("mandatory");
    }

    @Test
    void malformedUuidIsSYS1007() {
        expectError(sync("not-a-uuid", Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin)), 503, "SYS.1007");
        expectError(sync(tenant1Backup, Http.publishedBody("../../etc", fixture.drUuid), Http.session(admin)), 503, "SYS.1007");
    }

    @Test
    void wrongTypeOfFieldIs400() {
        expectError(sync(tenant1Backup, "{\"syncDatabaseBackupFromImageStoreBackupStorage\":{\"srcBackupStorageUuid\":42,\"dstBackupStorageUuid\":\"" + fixture.drUuid + "\"}}",
                Http.session(admin)), 400, "SYS.1007");
    }

    @Test
    void sameSourceAndDestinationIsSYS1007() {
        expectError(sync(tenant1Backup, Http.publishedBody(fixture.primaryUuid, fixture.primaryUuid), Http.session(admin)), 503, "SYS.1007");
    }

    // Existence: SYS.1003 with ZStack's text, in ZStack's order

    @Test
    void unknownBackupIsSYS1003() {
        String unknown = Uuids.random();
        Response response = sync(unknown, Http.publishedBody(Uuids.random(), fixture.drUuid), Http.session(admin));
        assertThat(expectError(response, 503, "SYS.1003").get("details").asText())
                .isEqualTo("invalid field[uuid], resource[uuid:%s, type:DatabaseBackupVO] not found".formatted(unknown));
    }

    @Test
    void unknownStorageIsSYS1003() {
        String unknown = Uuids.random();
        Response response = sync(tenant1Backup, Http.publishedBody(fixture.primaryUuid, unknown), Http.session(admin));
        assertThat(expectError(response, 503, "SYS.1003").get("details").asText())
                .isEqualTo("invalid field[uuid], resource[uuid:%s, type:BackupStorageVO] not found".formatted(unknown));
    }

    // State: SYS.1006 with ZStack's text

    @Test
    void disabledBackupIsSYS1006() {
        assertThat(expectError(syncAsAdmin(disabledBackup), 503, "SYS.1006").get("details").asText())
                .isEqualTo("database backup[uuid:%s] is not Enabled and Ready".formatted(disabledBackup));
    }

    @Test
    void backupNotReadyIsSYS1006() {
        expectError(syncAsAdmin(creatingBackup), 503, "SYS.1006");
    }

    @Test
    void disabledStorageIsSYS1006() {
        Response response = sync(tenant1Backup, Http.publishedBody(fixture.primaryUuid, fixture.disabledStoreUuid), Http.session(admin));
        assertThat(expectError(response, 503, "SYS.1006").get("details").asText()).isEqualTo(
                "One of the backup storage[uuids: %s, %s] is in the state of Disabled, can not do sync operation"
                        .formatted(fixture.primaryUuid, fixture.disabledStoreUuid));
    }

    @Test
    void disconnectedDestinationIsBS1500() {
        expectError(sync(tenant1Backup, Http.publishedBody(fixture.primaryUuid, fixture.disconnectedStoreUuid), Http.session(admin)),
                503, "BS.1500");
    }

    @Test
    void sourceWithoutTheBackupIsSYS1006() {
        Response response = sync(tenant1Backup, Http.publishedBody(fixture.thirdUuid, fixture.drUuid), Http.session(admin));
        assertThat(expectError(response, 503, "SYS.1006").get("details").asText())
                .isEqualTo("database backup[uuid:%s] not found in backup storage[uuid:%s]".formatted(tenant1Backup, fixture.thirdUuid));
    }

    // The copy itself

    @Test
    void checksumMismatchGivesBothSums() throws Exception {
        String actual = Fixture.md5(fixture.onPrimary(badMd5Backup));
        JsonNode error = expectError(syncAsAdmin(badMd5Backup), 503, "SYS.1006");
        assertThat(error.get("details").asText()).contains("0123456789abcdef0123456789abcdef").contains(actual);
    }

    @Test
    void installPathEscapingTheStoreIsRefusedBeforeAnyIo() {
        service.jdbc().update("UPDATE DatabaseBackupStorageRefVO SET installPath = 'zstore://zsbak/../../../../etc/passwd' WHERE databaseBackupUuid = :b",
                Map.of("b", escapingBackup));
        JsonNode error = expectError(syncAsAdmin(escapingBackup), 503, "SYS.1006");
        assertThat(error.get("details").asText()).contains("escapes its store root");
        assertThat(fixture.root.resolve("etc")).doesNotExist();
    }

    @Test
    void symlinkLeadingOutOfTheStoreIsRefused() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path link = fixture.third.resolve("zsbak");
        Files.createSymbolicLink(link, outside);
        try {
            Response response = sync(symlinkBackup, Http.publishedBody(fixture.primaryUuid, fixture.thirdUuid), Http.session(admin));
            assertThat(expectError(response, 503, "SYS.1006").get("details").asText()).contains("symbolic link");
            assertThat(Fixture.filesUnder(outside)).isEmpty();
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void truncatedSourceIsSYS1016() throws Exception {
        Path file = fixture.onPrimary(truncatedBackup);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, 100));
        try {
            assertThat(expectError(syncAsAdmin(truncatedBackup), 503, "SYS.1016").get("details").asText()).contains("100 bytes");
        } finally {
            Files.write(file, bytes);
        }
    }

    @Test
    void missingSourceFileIsSYS1016() throws Exception {
        Files.delete(fixture.onPrimary(missingFileBackup));
        assertThat(expectError(syncAsAdmin(missingFileBackup), 503, "SYS.1016").get("details").asText()).contains("missing");
    }

    @Test
    void destinationWithoutRoomIsSYS1006() {
        service.jdbc().update("UPDATE BackupStorageEO SET availableCapacity = 5 WHERE uuid = :u", Map.of("u", fixture.drUuid));
        try {
            assertThat(expectError(syncAsAdmin(noRoomBackup), 503, "SYS.1006").get("details").asText()).contains("available");
        } finally {
            service.jdbc().update("UPDATE BackupStorageEO SET availableCapacity = NULL WHERE uuid = :u", Map.of("u", fixture.drUuid));
        }
    }

    // HTTP layer

    @Test
    void unknownPathIs404WithErrorCode() {
        expectError(http.get("/zstack/v1/no-such-api", Map.of()), 404, "SYS.1003");
    }

    @Test
    void wrongMethodIs405WithErrorCode() {
        expectError(http.send("DELETE", "/zstack/v1/database-backups/" + tenant1Backup + "/actions", null, Http.session(admin)), 405, "SYS.1007");
    }

    @Test
    void oversizedBodyIs413WithErrorCode() {
        String huge = "{\"syncDatabaseBackupFromImageStoreBackupStorage\":{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}}";
        expectError(sync(tenant1Backup, huge, Http.session(admin)), 413, "SYS.1007");
    }

    @Test
    void formEncodedBodyIs415() {
        Map<String, String> headers = new HashMap<>(Http.session(admin));
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        expectError(sync(tenant1Backup, "a=b", headers), 415, "SYS.1007");
    }

    @Test
    void headerNamedLikeThePathParameterIsIgnored() {
        Map<String, String> headers = new HashMap<>(Http.session(admin));
        headers.put("uuid", tenant2Backup);
        Response response = sync(Uuids.random(), Http.publishedBody(fixture.primaryUuid, fixture.drUuid), headers);
        expectError(response, 503, "SYS.1003");
    }
}
