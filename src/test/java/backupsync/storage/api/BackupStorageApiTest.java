package backupsync.storage.api;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import backupsync.api.Uuids;
import backupsync.auth.PasswordHash;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Jobs;
import backupsync.support.OpenSshServer;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backup storage API against the running service over real HTTP, with real OpenSSH stores on a loopback port:
 * add (password and key auth, synchronously and as a job), query, update, reconnect (also after the host key
 * changed), delete, and every refusal recording nothing. The test user's password never appears in an answer, in
 * AsyncRestVO or in the log.
 */
class BackupStorageApiTest {
    private static final String ADD = "/zstack/v1/backup-storage/image-store";
    private static final String OTHER_FINGERPRINT = "SHA256:" + "A".repeat(43);
    private static OpenSshServer sshd;

    @TempDir
    Path tmp;
    private Fixture fixture;
    private ServiceRunner service;
    private Http http;
    private String admin;
    private StringWriter logs;
    private WriterAppender capture;

    @BeforeAll
    static void startSshd() throws Exception {
        sshd = OpenSshServer.start();
    }

    @AfterAll
    static void stopSshd() throws Exception {
        sshd.close();
    }

    @BeforeEach
    void startService() throws Exception {
        logs = new StringWriter();
        capture = WriterAppender.newBuilder().setName("backup-storage-api-" + Uuids.random()).setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c %msg%n").build()).build();
        capture.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().addAppender(capture);
        context.getRootLogger().addAppender(capture);
        fixture = new Fixture(tmp);
        fixture.backup("admin", 4096);
        service = fixture.service().start();
        http = new Http(service.baseUrl());
        admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
    }

    @AfterEach
    void stopService() {
        service.close();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getRootLogger().removeAppender(capture);
        capture.stop();
        assertThat(logs.toString()).as("the log").contains("backup-sync").doesNotContain(sshd.password());
    }

    @Test
    void aPasswordStoreIsAddedQueriedUpdatedReconnectedAndDeleted() throws Exception {
        Path root = sshd.newRoot(OpenSshServer.PASSWORD_USER);
        Http.Response added = add(passwordParams(root), Map.of("X-JSON-Schema", "true"));
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        assertNoPassword(added);
        JsonNode inventory = added.json().get("inventory");
        String uuid = inventory.get("uuid").asText();
        assertThat(inventory.get("hostname").asText()).isEqualTo("127.0.0.1");
        assertThat(inventory.get("username").asText()).isEqualTo(OpenSshServer.PASSWORD_USER);
        assertThat(inventory.get("sshPort").asInt()).isEqualTo(sshd.port());
        assertThat(inventory.get("url").asText()).isEqualTo(root.toString());
        assertThat(inventory.get("status").asText()).isEqualTo("Connected");
        assertThat(inventory.get("state").asText()).isEqualTo("Enabled");
        assertThat(inventory.get("type").asText()).isEqualTo("ImageStoreBackupStorage");
        assertThat(inventory.get("availableCapacity").asLong()).isPositive();
        assertThat(inventory.has("password")).isFalse();
        assertThat(added.json().get("schema").get("inventory").asText())
                .isEqualTo("org.zstack.storage.backup.imagestore.ImageStoreBackupStorageInventory");
        assertThat(pinnedFingerprint(uuid)).isEqualTo(sshd.hostKeyFingerprint());
        assertThat(service.jdbc().queryForObject("SELECT password FROM ImageStoreBackupStorageVO WHERE uuid = :uuid",
                Map.of("uuid", uuid), String.class)).as("ZStack stores the password").isEqualTo(sshd.password());
        assertThat(Fixture.filesUnder(root)).as("the write probe is gone").isEmpty();

        // Both queries, with conditions
        Http.Response imageStores = http.get(ADD + "?q=hostname=127.0.0.1&q=sshPort=" + sshd.port(), Http.session(admin));
        assertThat(imageStores.status()).isEqualTo(200);
        assertNoPassword(imageStores);
        assertThat(imageStores.json().get("inventories")).singleElement()
                .satisfies(found -> assertThat(found.get("uuid").asText()).isEqualTo(uuid));
        assertThat(imageStores.json().get("schema").get("inventories[0]").asText())
                .isEqualTo(BackupStorageInventory.IMAGE_STORE_ZSTACK_CLASS);
        Http.Response all = http.get("/zstack/v1/backup-storage?q=uuid=" + uuid, Http.session(admin));
        assertThat(all.json().get("inventories")).singleElement()
                .satisfies(found -> assertThat(found.has("hostname")).isFalse());
        assertThat(all.json().get("schema").get("inventories[0]").asText()).isEqualTo(BackupStorageInventory.ZSTACK_CLASS);
        Http.Response counted = http.get("/zstack/v1/backup-storage?count=true&q=status=Connected&q=name~=%25", Http.session(admin));
        assertThat(counted.json().get("total").asLong()).isEqualTo(storeCount("BackupStorageVO WHERE status = 'Connected'"));
        Http.Response sorted = http.get("/zstack/v1/backup-storage?sort=-createDate&limit=1", Http.session(admin));
        assertThat(sorted.json().get("inventories")).hasSize(1);
        assertThat(http.get("/zstack/v1/backup-storage?q=password=x", Http.session(admin)).error().get("code").asText())
                .isEqualTo("SYS.1007");

        // Update: the name changes, the description stays
        Http.Response updated = http.put("/zstack/v1/backup-storage/" + uuid + "/actions",
                "{\"updateBackupStorage\":{\"name\":\"dr-site\"}}", Http.session(admin));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("inventory").get("name").asText()).isEqualTo("dr-site");
        assertThat(updated.json().get("inventory").get("description").asText()).isEqualTo("the DR site");

        // Reconnect: Connected again, even after it was marked Disconnected
        service.jdbc().update("UPDATE BackupStorageEO SET status = 'Disconnected' WHERE uuid = :uuid", Map.of("uuid", uuid));
        Http.Response reconnected = reconnect(uuid, "{}");
        assertThat(reconnected.status()).as(reconnected.toString()).isEqualTo(200);
        assertThat(reconnected.json().get("inventory").get("status").asText()).isEqualTo("Connected");
        assertNoPassword(reconnected);

        // Delete: the rows go, the store's files stay
        Http.Response deleted = http.send("DELETE", "/zstack/v1/backup-storage/" + uuid, null, Http.session(admin));
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(storeRows(uuid)).containsExactly(0L, 0L, 0L);
        assertThat(http.send("DELETE", "/zstack/v1/backup-storage/" + uuid, null, Http.session(admin)).error().get("code").asText())
                .isEqualTo("SYS.1003");
    }

    @Test
    void aKeyStoreIsAddedThroughTheJobProtocolAsTheSdkCallsIt() throws Exception {
        Path root = sshd.newRoot("root");
        String job = Jobs.newJobUuid();
        Map<String, Object> params = new HashMap<>(Map.of("name", "dr-key", "url", root.toString(), "hostname", "127.0.0.1",
                "username", "root", "password", "", "sshPort", sshd.port(),
                "systemTags", List.of("privateKeyFile::" + sshd.clientKey(), "hostKeyFingerprint::" + sshd.hostKeyFingerprint())));
        Http.Response accepted = add(params, Map.of("X-Job-UUID", job, "X-JSON-Schema", "true"));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().get("location").asText()).endsWith("/zstack/v1/api-jobs/" + job);
        Http.Response done = new Jobs(http).awaitEnd(job, admin);
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        String uuid = done.json().get("inventory").get("uuid").asText();
        assertThat(done.json().get("schema").get("inventory").asText()).isEqualTo(BackupStorageInventory.IMAGE_STORE_ZSTACK_CLASS);
        assertThat(service.jdbc().queryForObject("SELECT privateKeyFile FROM ImageStoreSshVO WHERE uuid = :uuid",
                Map.of("uuid", uuid), String.class)).isEqualTo(sshd.clientKey().toString());
        assertThat(pinnedFingerprint(uuid)).isEqualTo(sshd.hostKeyFingerprint());

        // The same for a reconnect, and a refusal reaches the SDK through the poll
        String reconnectJob = Jobs.newJobUuid();
        Map<String, String> headers = new HashMap<>(Http.session(admin));
        headers.put("X-Job-UUID", reconnectJob);
        assertThat(http.put("/zstack/v1/backup-storage/" + uuid + "/actions", "{\"reconnectBackupStorage\":{}}", headers).status())
                .isEqualTo(202);
        assertThat(new Jobs(http).awaitEnd(reconnectJob, admin).json().get("inventory").get("status").asText()).isEqualTo("Connected");
        String refusedJob = Jobs.newJobUuid();
        headers.put("X-Job-UUID", refusedJob);
        headers.put("Authorization", "OAuth " + http.login("tenant1", PasswordHash.sha512Hex("secret1")));
        assertThat(http.send("DELETE", "/zstack/v1/backup-storage/" + uuid, null, headers).status()).isEqualTo(202);
        Http.Response refused = new Jobs(http).awaitEnd(refusedJob, admin);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.error().get("code").asText()).isEqualTo("ID.1002");
        assertThat(storeRows(uuid)).containsExactly(1L, 1L, 1L);
    }

    @Test
    void aPasswordGivenToAJobIsNotInItsRecord() throws Exception {
        String job = Jobs.newJobUuid();
        Http.Response accepted = add(passwordParams(sshd.newRoot(OpenSshServer.PASSWORD_USER)), Map.of("X-Job-UUID", job));
        assertThat(accepted.status()).isEqualTo(202);
        Http.Response done = new Jobs(http).awaitEnd(job, admin);
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertNoPassword(done);
        String requestData = service.jdbc().queryForObject("SELECT requestData FROM AsyncRestVO WHERE uuid = :uuid",
                Map.of("uuid", job), String.class);
        assertThat(requestData).contains("127.0.0.1").doesNotContain(sshd.password());
    }

    @Test
    void aChangedHostKeyIsRefusedNamingBothUntilExactlyThatKeyIsAccepted() throws Exception {
        String uuid = add(passwordParams(sshd.newRoot(OpenSshServer.PASSWORD_USER)), Map.of()).json().get("inventory").get("uuid").asText();
        // What the node sees when the host was re-installed (or someone is in the middle): another key than the pinned one.
        service.jdbc().update("UPDATE ImageStoreSshVO SET hostKeyFingerprint = :fp WHERE uuid = :uuid",
                Map.of("fp", OTHER_FINGERPRINT, "uuid", uuid));

        Http.Response refused = reconnect(uuid, "{}");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.error().get("code").asText()).isEqualTo("SYS.1006");
        assertThat(refused.error().get("details").asText()).contains(OTHER_FINGERPRINT, sshd.hostKeyFingerprint());
        assertThat(status(uuid)).isEqualTo("Disconnected");
        assertThat(pinnedFingerprint(uuid)).isEqualTo(OTHER_FINGERPRINT);

        String wrong = "SHA256:" + "B".repeat(43);
        Http.Response wrongAccept = reconnect(uuid, "{\"acceptHostKey\":\"" + wrong + "\"}");
        assertThat(wrongAccept.error().get("code").asText()).isEqualTo("SYS.1006");
        assertThat(wrongAccept.error().get("details").asText()).contains(wrong, sshd.hostKeyFingerprint());
        assertThat(pinnedFingerprint(uuid)).isEqualTo(OTHER_FINGERPRINT);
        assertThat(reconnect(uuid, "{\"acceptHostKey\":\"not-a-fingerprint\"}").error().get("code").asText()).isEqualTo("SYS.1007");

        Http.Response accepted = reconnect(uuid, "{\"systemTags\":[\"acceptHostKey::" + sshd.hostKeyFingerprint() + "\"]}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.json().get("inventory").get("status").asText()).isEqualTo("Connected");
        assertThat(pinnedFingerprint(uuid)).isEqualTo(sshd.hostKeyFingerprint());
    }

    @Test
    void aStoreIsNotDeletedWhileASyncUsesItOrWhileItHoldsTheLastCopy() throws Exception {
        String uuid = add(passwordParams(sshd.newRoot(OpenSshServer.PASSWORD_USER)), Map.of()).json().get("inventory").get("uuid").asText();
        String backup = service.jdbc().queryForObject("SELECT uuid FROM DatabaseBackupVO", Map.of(), String.class);
        service.jdbc().update("INSERT INTO SyncReservationVO (databaseBackupUuid, backupStorageUuid, nodeId, requestId, "
                + "temporaryPath, targetPath) VALUES (:b, :s, 'other-node', :r, 'zsbak/.x.part', 'zsbak/x')",
                Map.of("b", backup, "s", uuid, "r", Uuids.random()));
        Http.Response refused = http.send("DELETE", "/zstack/v1/backup-storage/" + uuid, null, Http.session(admin));
        assertThat(refused.error().get("code").asText()).isEqualTo("SYS.1006");
        assertThat(refused.error().get("details").asText()).contains("sync");
        assertThat(storeRows(uuid)).containsExactly(1L, 1L, 1L);
        service.jdbc().update("DELETE FROM SyncReservationVO WHERE backupStorageUuid = :s", Map.of("s", uuid));

        // The backup's only Ready copy moves onto this store: deleting the store would lose it
        service.jdbc().update("UPDATE DatabaseBackupStorageRefVO SET backupStorageUuid = :s WHERE databaseBackupUuid = :b",
                Map.of("s", uuid, "b", backup));
        Http.Response lastCopy = http.send("DELETE", "/zstack/v1/backup-storage/" + uuid, null, Http.session(admin));
        assertThat(lastCopy.error().get("code").asText()).isEqualTo("SYS.1006");
        assertThat(lastCopy.error().get("details").asText()).contains(backup, "only Ready copy");
        // With a second copy elsewhere it goes, and its ref with it
        service.jdbc().update("INSERT INTO DatabaseBackupStorageRefVO (databaseBackupUuid, backupStorageUuid, installPath, status) "
                + "VALUES (:b, :p, :path, 'Ready')", Map.of("b", backup, "p", fixture.drUuid, "path", "zstore://zsbak/" + backup));
        assertThat(http.send("DELETE", "/zstack/v1/backup-storage/" + uuid, null, Http.session(admin)).status()).isEqualTo(200);
        assertThat(storeRows(uuid)).containsExactly(0L, 0L, 0L);
        assertThat(service.jdbc().queryForObject("SELECT COUNT(*) FROM DatabaseBackupStorageRefVO WHERE backupStorageUuid = :s",
                Map.of("s", uuid), Long.class)).isZero();
    }

    @Test
    void everyRefusedAddRecordsNothing() throws Exception {
        Path root = sshd.newRoot(OpenSshServer.PASSWORD_USER);
        Path file = Files.writeString(root.resolve("a-file"), "x");
        Path readOnly = sshd.newRoot("root");
        String tenant = http.login("tenant1", PasswordHash.sha512Hex("secret1"));
        List<Long> before = allStoreRows();

        assertRefused(withParam(passwordParams(root), "sshPort", ServiceRunner.freePort()), admin, "BS.1500", "127.0.0.1");
        // In words, not MINA's internals ("DefaultConnectFuture[host-key-probe@/127.0.0.1:...]: Failed ...").
        assertRefused(withParam(passwordParams(root), "sshPort", ServiceRunner.freePort()), admin, "BS.1500", "Connection refused");
        Http.Response refused = http.send("POST", ADD, Http.JSON.writeValueAsString(
                Map.of("params", withParam(passwordParams(root), "sshPort", ServiceRunner.freePort()))), Http.session(admin));
        assertThat(refused.error().get("details").asText()).doesNotContain("Future").doesNotContain("host-key-probe");
        assertRefused(withParam(passwordParams(root), "password", "not-the-password"), admin, "SYS.1006", "cannot log in");
        assertRefused(withParam(passwordParams(root), "url", root + "/missing"), admin, "SYS.1007", "does not exist");
        assertRefused(withParam(passwordParams(root), "url", file.toString()), admin, "SYS.1007", "not a directory");
        assertRefused(withParam(passwordParams(root), "url", readOnly.toString()), admin, "SYS.1007", "does not take a new file");
        assertRefused(withParam(passwordParams(root), "url", "relative/dir"), admin, "SYS.1007", "absolute");
        assertRefused(withParam(passwordParams(root), "url", root + "/../etc"), admin, "SYS.1007", "..");
        assertRefused(withParam(passwordParams(root), "hostKeyFingerprint", OTHER_FINGERPRINT), admin, "SYS.1006", OTHER_FINGERPRINT);
        assertRefused(withParam(passwordParams(root), "type", "SftpBackupStorage"), admin, "SYS.1007", "type");
        assertRefused(withParam(passwordParams(root), "privateKeyFile", "/nonexistent/key"), admin, "SYS.1007", "privateKeyFile");
        for (String field : List.of("name", "url", "hostname", "username")) {
            Map<String, Object> params = passwordParams(root);
            params.remove(field);
            assertRefused(params, admin, "SYS.1007", field);
        }
        Map<String, Object> noPassword = passwordParams(root);
        noPassword.remove("password");
        assertRefused(noPassword, admin, "SYS.1007", "password");
        assertRefused(passwordParams(root), tenant, "ID.1002", "admin");
        Http.Response noSession = http.send("POST", ADD, Http.JSON.writeValueAsString(Map.of("params", passwordParams(root))),
                Map.of("Content-Type", "application/json"));
        assertThat(noSession.error().get("code").asText()).isEqualTo("ID.1001");
        assertNoPassword(noSession);

        Http.Response wrongMethod = http.put(ADD, "{}", Http.session(admin));
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.raw().headers().firstValue("Allow")).hasValue("GET, POST");

        assertThat(allStoreRows()).isEqualTo(before);
        assertThat(Fixture.filesUnder(root)).containsExactly(file);
        // What was refused is not half-added: the same store is added fine afterwards
        assertThat(add(passwordParams(root), Map.of()).status()).isEqualTo(200);
        assertRefused(passwordParams(root), admin, "SYS.1006", "already has");
    }

    private void assertRefused(Map<String, Object> params, String session, String code, String detail) throws Exception {
        Http.Response response = http.send("POST", ADD, Http.JSON.writeValueAsString(Map.of("params", params)), Http.session(session));
        assertThat(response.status()).as(response.toString()).isIn(400, 503);
        assertThat(response.error().get("code").asText()).as(response.toString()).isEqualTo(code);
        assertThat(response.error().get("details").asText()).as(response.toString()).contains(detail);
        assertNoPassword(response);
    }

    private Http.Response add(Map<String, Object> params, Map<String, String> extraHeaders) throws Exception {
        Map<String, String> headers = new HashMap<>(Http.session(admin));
        headers.putAll(extraHeaders);
        return http.send("POST", ADD, Http.JSON.writeValueAsString(Map.of("params", params)), headers);
    }

    private Http.Response reconnect(String uuid, String action) {
        return http.put("/zstack/v1/backup-storage/" + uuid + "/actions", "{\"reconnectBackupStorage\":" + action + "}", Http.session(admin));
    }

    private static Map<String, Object> passwordParams(Path root) {
        return new HashMap<>(Map.of("name", "dr", "description", "the DR site", "url", root.toString(),
                "hostname", "127.0.0.1", "username", OpenSshServer.PASSWORD_USER, "password", sshd.password(),
                "sshPort", sshd.port(), "type", "ImageStoreBackupStorage", "importImages", false));
    }

    private static Map<String, Object> withParam(Map<String, Object> params, String key, Object value) {
        params.put(key, value);
        return params;
    }

    private static void assertNoPassword(Http.Response response) {
        assertThat(response.text()).as("an answer").doesNotContain(sshd.password());
    }

    private String pinnedFingerprint(String uuid) {
        return service.jdbc().queryForObject("SELECT hostKeyFingerprint FROM ImageStoreSshVO WHERE uuid = :uuid",
                Map.of("uuid", uuid), String.class);
    }

    private String status(String uuid) {
        return service.jdbc().queryForObject("SELECT status FROM BackupStorageVO WHERE uuid = :uuid", Map.of("uuid", uuid), String.class);
    }

    private long storeCount(String from) {
        return service.jdbc().queryForObject("SELECT COUNT(*) FROM " + from, Map.of(), Long.class);
    }

    private List<Long> storeRows(String uuid) {
        return List.of(storeCount("BackupStorageEO WHERE uuid = '" + uuid + "'"),
                storeCount("ImageStoreBackupStorageVO WHERE uuid = '" + uuid + "'"),
                storeCount("ImageStoreSshVO WHERE uuid = '" + uuid + "'"));
    }

    private List<Long> allStoreRows() {
        return List.of(storeCount("BackupStorageEO"), storeCount("ImageStoreBackupStorageVO"), storeCount("ImageStoreSshVO"));
    }
}
