package backupsync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import backupsync.auth.PasswordHash;
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
import static org.awaitility.Awaitility.await;

/** LogInByAccount, session expiry, and the query API with ZStack's q/limit/start/count/sort, owner-filtered. */
class LoginAndQueryTest {
    @TempDir
    static Path tmp;
    static Fixture fixture;
    static ServiceRunner service;
    static Http http;
    static String admin;
    static String tenant1;
    static final List<String> tenant1Backups = new ArrayList<>();
    static String tenant2Backup;

    @BeforeAll
    static void start() throws Exception {
        fixture = new Fixture(tmp);
        for (int i = 0; i < 3; i++) {
            tenant1Backups.add(fixture.backup("tenant1", 100 + i));
        }
        tenant2Backup = fixture.backup("tenant2", 500);
        service = fixture.service().with("backupsync.session-timeout", "2").start();
        http = new Http(service.baseUrl());
        admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        tenant1 = http.login("tenant1", PasswordHash.sha512Hex("secret1"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void loginAnswersASessionInventory() {
        Response response = http.put("/zstack/v1/accounts/login",
                "{\"logInByAccount\":{\"accountName\":\"admin\",\"password\":\"" + Http.ADMIN_PASSWORD_SHA512 + "\"}}",
                Map.of("Content-Type", "application/json;charset=UTF-8", "X-JSON-Schema", "true"));
        assertThat(response.status()).isEqualTo(200);
        JsonNode inventory = response.json().get("inventory");
        assertThat(inventory.get("uuid").asText()).matches("[0-9a-f]{32}");
        assertThat(inventory.get("accountUuid").asText()).isEqualTo("36c27e8ff05c4780bf6d2fa65700f22e");
        assertThat(inventory.get("userUuid").asText()).isEqualTo("36c27e8ff05c4780bf6d2fa65700f22e");
        assertThat(inventory.get("expiredDate").asText()).matches("[A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d{2}:\\d{2} (AM|PM)");
        assertThat(response.json().get("schema").get("inventory").asText()).isEqualTo("org.zstack.header.identity.SessionInventory");
        String storedPassword = service.jdbc().queryForObject("SELECT password FROM AccountVO WHERE name = 'admin'", Map.of(), String.class);
        assertThat(storedPassword).isEqualTo(Http.ADMIN_PASSWORD_SHA512);
    }

    @Test
    void sessionsExpire() {
        String session = http.login("tenant1", PasswordHash.sha512Hex("secret1"));
        assertThat(http.get("/zstack/v1/database-backups", Http.session(session)).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Response response = http.get("/zstack/v1/database-backups", Http.session(session));
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.error().get("code").asText()).isEqualTo("ID.1001");
        });
    }

    @Test
    void tenantSeesOnlyItsOwnBackups() {
        String session = http.login("tenant1", PasswordHash.sha512Hex("secret1"));
        Response response = http.get("/zstack/v1/database-backups", Http.session(session));
        assertThat(uuids(response)).containsExactlyInAnyOrderElementsOf(tenant1Backups);
        assertThat(http.get("/zstack/v1/database-backups/" + tenant2Backup, Http.session(session)).json().get("inventories")).isEmpty();
    }

    @Test
    void adminSeesAll() {
        String session = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        assertThat(uuids(http.get("/zstack/v1/database-backups", Http.session(session)))).hasSize(4).contains(tenant2Backup);
        Response one = http.get("/zstack/v1/database-backups/" + tenant2Backup, Http.session(session));
        assertThat(uuids(one)).containsExactly(tenant2Backup);
        assertThat(one.json().get("inventories").get(0).get("backupStorageRefs").get(0).get("backupStorageUuid").asText())
                .isEqualTo(fixture.primaryUuid);
        assertThat(one.json().get("schema").get("inventories[0]").asText())
                .isEqualTo("org.zstack.header.storage.database.backup.DatabaseBackupInventory");
    }

    @Test
    void conditionsLimitStartSortAndCount() {
        String session = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        Map<String, String> headers = Http.session(session);
        assertThat(uuids(http.get("/zstack/v1/database-backups?q=size%3E101", headers))).containsExactlyInAnyOrder(tenant1Backups.get(2), tenant2Backup);
        assertThat(uuids(http.get("/zstack/v1/database-backups?q=size%3E100&q=size%3C500", headers))).containsExactlyInAnyOrder(tenant1Backups.get(1), tenant1Backups.get(2));
        assertThat(uuids(http.get("/zstack/v1/database-backups?q=uuid%3F%3D" + tenant1Backups.get(0) + "," + tenant2Backup, headers)))
                .containsExactlyInAnyOrder(tenant1Backups.get(0), tenant2Backup);
        assertThat(uuids(http.get("/zstack/v1/database-backups?sort=-size&limit=2", headers))).containsExactly(tenant2Backup, tenant1Backups.get(2));
        assertThat(uuids(http.get("/zstack/v1/database-backups?sort=%2Bsize&limit=2&start=1", headers))).containsExactly(tenant1Backups.get(1), tenant1Backups.get(2));
        assertThat(uuids(http.get("/zstack/v1/database-backups?q=backupStorageRefs.backupStorageUuid=" + fixture.primaryUuid, headers))).hasSize(4);
        assertThat(http.get("/zstack/v1/database-backups?count=true", headers).json().get("total").asLong()).isEqualTo(4);
        Response withCount = http.get("/zstack/v1/database-backups?replyWithCount=true&limit=1", headers);
        assertThat(withCount.json().get("total").asLong()).isEqualTo(4);
        assertThat(withCount.json().get("inventories")).hasSize(1);
    }

    @Test
    void badQueriesAreSYS1007() {
        String session = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        for (String query : List.of("q=password=x", "q=size%3Eabc", "sort=-password", "limit=-1", "q=noOperator", "q=name%27%3B%20DROP%20TABLE%20AccountVO--=1")) {
            Response response = http.get("/zstack/v1/database-backups?" + query, Http.session(session));
            assertThat(response.status()).as(query + " -> " + response).isEqualTo(503);
            assertThat(response.error().get("code").asText()).isEqualTo("SYS.1007");
        }
        assertThat(service.jdbc().queryForObject("SELECT COUNT(*) FROM AccountVO", Map.of(), Integer.class)).isEqualTo(3);
    }

    private static List<String> uuids(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> uuids = new ArrayList<>();
        response.json().get("inventories").forEach(inventory -> uuids.add(inventory.get("uuid").asText()));
        return uuids;
    }
}
