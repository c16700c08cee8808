package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The sync API end to end: real HTTP to the running service, real files, the real H2 database. */
class SyncApiTest {
    @TempDir
    static Path tmp;
    static Fixture fixture;
    static ServiceRunner service;
    static Http http;
    static String admin;
    static String backupForCurl;
    static String backupForSdk;
    static String backupTwice;
    static String backupConcurrent;
    static String backupWithTags;
    static final long SIZE = 3 * 1024 * 1024 + 17;

    @BeforeAll
    static void start() throws Exception {
        fixture = new Fixture(tmp).drTotalCapacity(1L << 40);
        backupForCurl = fixture.backup("tenant1", SIZE);
        backupForSdk = fixture.backup("tenant1", SIZE);
        backupTwice = fixture.backup("admin", 1024);
        backupConcurrent = fixture.backup("admin", SIZE);
        backupWithTags = fixture.backup("admin", 10);
        service = fixture.service().start();
        http = new Http(service.baseUrl());
        admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private Response sync(String backupUuid, String body, Map<String, String> headers) {
        return http.put("/zstack/v1/database-backups/" + backupUuid + "/actions", body, headers);
    }

    @Test
    void publishedCurlExampleCopiesTheBytes() throws Exception {
        Response response = sync(backupForCurl, Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode inventory = response.json().get("inventory");
        assertThat(inventory.get("uuid").asText()).isEqualTo(backupForCurl);
        assertThat(inventory.get("size").asLong()).isEqualTo(SIZE);
        assertThat(inventory.get("backupStorageRefs")).hasSize(2);
        JsonNode drRef = refOn(inventory, fixture.drUuid);
        assertThat(drRef.get("status").asText()).isEqualTo("Ready");
        assertThat(drRef.get("installPath").asText()).isEqualTo("zstore://zsbak/" + backupForCurl);
        assertThat(Files.mismatch(fixture.onPrimary(backupForCurl), fixture.onDr(backupForCurl))).isEqualTo(-1L);
        assertThat(response.raw().headers().firstValue("Authorization")).isEmpty();
    }

    @Test
    void sdkBodyShapeAndHeadersWork() throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(Http.session(admin));
        headers.put("X-JSON-Schema", "true");
        Response response = sync(backupForSdk, Http.sdkBody(fixture.primaryUuid, fixture.drUuid), headers);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(Files.mismatch(fixture.onPrimary(backupForSdk), fixture.onDr(backupForSdk))).isEqualTo(-1L);
        JsonNode schema = response.json().get("schema");
        assertThat(schema.get("inventory").asText()).isEqualTo("org.zstack.header.storage.database.backup.DatabaseBackupInventory");
        assertThat(schema.get("inventory.backupStorageRefs[1]").asText())
                .isEqualTo("org.zstack.header.storage.database.backup.DatabaseBackupStorageRefInventory");
    }

    @Test
    void datesRenderLikeThePublishedExample() {
        Response response = sync(backupTwice, Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode inventory = response.json().get("inventory");
        String pageStyle = "[A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d{2}:\\d{2} (AM|PM)";
        assertThat(inventory.get("createDate").asText()).matches(pageStyle);
        assertThat(inventory.get("lastOpDate").asText()).matches(pageStyle);
        assertThat(inventory.get("backupStorageRefs").get(0).get("createDate").asText()).matches(pageStyle);
    }

    @Test
    void aSecondSyncCopiesNothing() throws Exception {
        Response first = sync(backupTwice, Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin));
        assertThat(first.status()).isEqualTo(200);
        Object inode = Files.getAttribute(fixture.onDr(backupTwice), "unix:ino");
        var modified = Files.getLastModifiedTime(fixture.onDr(backupTwice));
        Long capacity = availableCapacity(fixture.drUuid);

        Response second = sync(backupTwice, Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin));

        assertThat(second.status()).isEqualTo(200);
        assertThat(refOn(second.json().get("inventory"), fixture.drUuid)).isEqualTo(refOn(first.json().get("inventory"), fixture.drUuid));
        assertThat(Files.getAttribute(fixture.onDr(backupTwice), "unix:ino")).isEqualTo(inode);
        assertThat(Files.getLastModifiedTime(fixture.onDr(backupTwice))).isEqualTo(modified);
        assertThat(availableCapacity(fixture.drUuid)).isEqualTo(capacity);
    }

    @Test
    void twentyConcurrentSyncsMakeOneCopyAndOneRef() throws Exception {
        Long capacityBefore = availableCapacity(fixture.drUuid);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Callable<Response> call = () -> sync(backupConcurrent,
                        Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin));
                answers.add(pool.submit(call));
            }
            List<JsonNode> refs = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertThat(response.status()).as(response.toString()).isEqualTo(200);
                refs.add(refOn(response.json().get("inventory"), fixture.drUuid));
            }
            assertThat(refs).allSatisfy(ref -> assertThat(ref).isEqualTo(refs.get(0)));
        } finally {
            pool.shutdownNow();
        }
        Integer refRows = service.jdbc().queryForObject(
                "SELECT COUNT(*) FROM DatabaseBackupStorageRefVO WHERE databaseBackupUuid = :b AND backupStorageUuid = :s",
                Map.of("b", backupConcurrent, "s", fixture.drUuid), Integer.class);
        assertThat(refRows).isEqualTo(1);
        // The capacity is consumed by each committed copy: once means one copy.
        assertThat(availableCapacity(fixture.drUuid)).isEqualTo(capacityBefore - SIZE);
        assertThat(Files.mismatch(fixture.onPrimary(backupConcurrent), fixture.onDr(backupConcurrent))).isEqualTo(-1L);
        assertThat(Fixture.filesUnder(fixture.dr)).noneMatch(file -> file.getFileName().toString().endsWith(".part"));
    }

    @Test
    void userTagsAreStoredOnTheBackupOnce() {
        String body = "{\"syncDatabaseBackupFromImageStoreBackupStorage\":{\"srcBackupStorageUuid\":\"%s\",\"dstBackupStorageUuid\":\"%s\",\"userTags\":[\"inner\",\"both\"]},\"userTags\":[\"outer\",\"both\"],\"systemTags\":[\"sys::x\"]}"
                .formatted(fixture.primaryUuid, fixture.thirdUuid);
        assertThat(sync(backupWithTags, body, Http.session(admin)).status()).isEqualTo(200);
        List<String> tags = service.jdbc().queryForList(
                "SELECT tag FROM UserTagVO WHERE resourceUuid = :b AND resourceType = 'DatabaseBackupVO' AND type = 'User' ORDER BY tag",
                Map.of("b", backupWithTags), String.class);
        assertThat(tags).containsExactly("both", "inner", "outer");
    }

    private static JsonNode refOn(JsonNode inventory, String storageUuid) {
        for (JsonNode ref : inventory.get("backupStorageRefs")) {
            if (ref.get("backupStorageUuid").asText().equals(storageUuid)) {
                return ref;
            }
        }
        throw new AssertionError("no ref on " + storageUuid + " in " + inventory);
    }

    private static Long availableCapacity(String storageUuid) {
        return service.jdbc().queryForObject("SELECT availableCapacity FROM BackupStorageVO WHERE uuid = :u",
                Map.of("u", storageUuid), Long.class);
    }
}
