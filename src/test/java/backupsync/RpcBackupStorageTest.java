package backupsync;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import backupsync.support.Fixture;
import backupsync.support.OpenSshServer;
import backupsync.support.ServiceRunner;
import backupsync.support.ZStackApi;
import backupsync.support.ZStackApi.Answer;
import backupsync.support.ZStackApi.Raw;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AddImageStoreBackupStorage and QueryBackupStorage / QueryImageStoreBackupStorage through ZStack's RPC door, against a
 * real OpenSSH server on a loopback port: the store is added as a job, its password never answered or recorded, the
 * queries take the message's conditions, a tenant is refused, and a sync to the added store runs over SSH.
 */
class RpcBackupStorageTest {
    static final String ADD = "org.zstack.storage.backup.imagestore.APIAddImageStoreBackupStorageMsg";
    static final String ADD_EVENT = "org.zstack.storage.backup.imagestore.APIAddImageStoreBackupStorageEvent";
    static final String QUERY = "org.zstack.header.storage.backup.APIQueryBackupStorageMsg";
    static final String QUERY_IMAGE_STORE = "org.zstack.storage.backup.imagestore.APIQueryImageStoreBackupStorageMsg";
    private static OpenSshServer sshd;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSshd() throws Exception {
        sshd = OpenSshServer.start();
    }

    @AfterAll
    static void stopSshd() throws Exception {
        sshd.close();
    }

    @Test
    void anAdminAddsAndQueriesAStoreAndSyncsToIt() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", 1 << 20);
        Path root = sshd.newRoot(OpenSshServer.PASSWORD_USER);
        try (ServiceRunner service = fixture.service().start()) {
            ZStackApi api = new ZStackApi("127.0.0.1", service.port());
            String admin = api.logIn("admin", "password");
            String tenant = api.logIn("tenant1", "secret1");
            Map<String, Object> params = Map.of("name", "dr-ssh", "url", root.toString(), "hostname", "127.0.0.1",
                    "username", OpenSshServer.PASSWORD_USER, "password", sshd.password(), "sshPort", sshd.port(),
                    "systemTags", List.of("hostKeyFingerprint::" + sshd.hostKeyFingerprint()));

            Answer refused = api.call(ADD, params, tenant);
            RpcApiTest.assertFailed(refused, RpcApiTest.GENERIC_EVENT, "ID.1002", "admin");

            Answer added = api.call(ADD, params, admin);
            assertThat(added.firstResponse().path("state").asText()).isEqualTo("Processing");
            assertThat(added.name()).isEqualTo(ADD_EVENT);
            assertThat(added.success()).as(added.event().toString()).isTrue();
            String store = added.event().path("inventory").path("uuid").asText();
            assertThat(added.event().path("inventory").path("hostname").asText()).isEqualTo("127.0.0.1");
            assertThat(added.event().path("inventory").path("status").asText()).isEqualTo("Connected");
            assertThat(added.event().toString()).doesNotContain(sshd.password());
            Raw polledAgain = api.poll(added.response().path("uuid").asText());
            assertThat(polledAgain.body()).doesNotContain(sshd.password());
            assertThat(service.jdbc().queryForList("SELECT requestData, result FROM AsyncRestVO", Map.of()).toString())
                    .doesNotContain(sshd.password());

            Answer again = api.call(ADD, params, admin);
            assertThat(again.name()).isEqualTo(ADD_EVENT);
            assertThat(again.errorCode()).isEqualTo("SYS.1006");

            Answer query = api.call(QUERY, Map.of("conditions", List.of(Map.of("name", "name", "op", "=", "value", "dr-ssh")),
                    "replyWithCount", "true"), admin);
            assertThat(query.name()).isEqualTo("org.zstack.header.storage.backup.APIQueryBackupStorageReply");
            assertThat(query.event().path("total").asLong()).isEqualTo(1);
            assertThat(query.event().path("inventories").get(0).path("uuid").asText()).isEqualTo(store);
            assertThat(query.event().path("inventories").get(0).has("hostname")).isFalse();
            Answer imageStores = api.call(QUERY_IMAGE_STORE, Map.of("conditions",
                    List.of(Map.of("name", "hostname", "op", "=", "value", "127.0.0.1"))), admin);
            assertThat(imageStores.name()).isEqualTo("org.zstack.storage.backup.imagestore.APIQueryImageStoreBackupStorageReply");
            assertThat(imageStores.event().path("inventories").findValuesAsText("uuid")).containsExactly(store);
            RpcApiTest.assertFailed(api.call(QUERY, Map.of(), tenant), RpcApiTest.GENERIC_REPLY, "ID.1002", "admin");

            Answer sync = api.call(RpcApiTest.SYNC, Map.of("uuid", backup, "srcBackupStorageUuid", fixture.primaryUuid,
                    "dstBackupStorageUuid", store), admin);
            assertThat(sync.success()).as(sync.event().toString()).isTrue();
            String installPath = service.jdbc().queryForObject(
                    "SELECT installPath FROM DatabaseBackupStorageRefVO WHERE databaseBackupUuid = :b AND backupStorageUuid = :s",
                    Map.of("b", backup, "s", store), String.class);
            Path copy = root.resolve(installPath.substring("zstore://".length()));
            assertThat(Fixture.md5(copy)).isEqualTo(Fixture.md5(fixture.onPrimary(backup)));
        }
    }
}
