package backupsync;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import backupsync.api.Uuids;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Inventories;
import backupsync.support.Jobs;
import backupsync.support.ServiceRunner;
import backupsync.support.ZStackApi;
import backupsync.support.ZStackApi.Answer;
import backupsync.support.ZStackApi.Raw;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ZStack's RPC door as zstack-cli and apibinding speak it ({@link ZStackApi}, written from api.py): login, sync,
 * query with conditions, every refusal inside the result with its ErrorCode and nothing changed, the result poll
 * across a restart.
 */
class RpcApiTest {
    static final String LOGIN = "org.zstack.header.identity.APILogInByAccountMsg";
    static final String LOGOUT = "org.zstack.header.identity.APILogOutMsg";
    static final String SYNC = "org.zstack.header.storage.database.backup.APISyncDatabaseBackupFromImageStoreBackupStorageMsg";
    static final String SYNC_EVENT = "org.zstack.header.storage.database.backup.APISyncDatabaseBackupFromImageStoreBackupStorageEvent";
    static final String QUERY = "org.zstack.header.storage.database.backup.APIQueryDatabaseBackupMsg";
    static final String QUERY_REPLY = "org.zstack.header.storage.database.backup.APIQueryDatabaseBackupReply";
    static final String GENERIC_EVENT = "org.zstack.header.message.APIEvent";
    static final String GENERIC_REPLY = "org.zstack.header.message.APIReply";

    @TempDir
    Path tmp;

    @Test
    void logInSyncAndQueryAsZStackCliDoes() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.namedBackup("nightly-db", 1 << 20);
        String other = fixture.namedBackup("weekly-db", 4096);
        try (ServiceRunner service = fixture.service().start()) {
            ZStackApi api = new ZStackApi("127.0.0.1", service.port());

            Answer login = api.call(LOGIN, Map.of("accountName", "admin", "password", ZStackApi.sha512("password"),
                    "timeout", 15000), null);
            assertThat(login.name()).isEqualTo("org.zstack.header.identity.APILogInReply");
            assertThat(login.success()).isTrue();
            // A sync call: Done at once, no uuid to poll, as ZStack's RestAPIResponse of a call().
            assertThat(login.firstResponse().path("state").asText()).isEqualTo("Done");
            assertThat(login.firstResponse().has("uuid")).isFalse();
            assertThat(login.firstResponse().path("createdDate").asText()).matches("[A-Z][a-z]{2} \\d{1,2}, \\d{4} .*[AP]M");
            String session = login.event().path("inventory").path("uuid").asText();
            assertThat(Uuids.isValid(session)).isTrue();
            assertThat(login.event().path("inventory").path("accountUuid").asText()).isEqualTo("36c27e8ff05c4780bf6d2fa65700f22e");

            Answer sync = api.call(SYNC, Map.of("uuid", backup, "srcBackupStorageUuid", fixture.primaryUuid,
                    "dstBackupStorageUuid", fixture.drUuid, "userTags", List.of("cli")), session);
            // A job: Processing with the uuid to poll, then the event from the poll.
            assertThat(sync.firstResponse().path("state").asText()).isEqualTo("Processing");
            assertThat(sync.response().path("uuid").asText()).isEqualTo(sync.firstResponse().path("uuid").asText());
            assertThat(sync.name()).isEqualTo(SYNC_EVENT);
            assertThat(sync.success()).as(sync.event().toString()).isTrue();
            assertThat(sync.event().has("schema")).isFalse();
            JsonNode inventory = sync.event().path("inventory");
            assertThat(inventory.path("uuid").asText()).isEqualTo(backup);
            assertThat(Inventories.refOn(inventory, fixture.drUuid).path("status").asText()).isEqualTo("Ready");
            assertThat(Fixture.md5(fixture.onDr(backup))).isEqualTo(Fixture.md5(fixture.onPrimary(backup)));
            assertThat(service.jdbc().queryForObject("SELECT COUNT(*) FROM UserTagVO WHERE resourceUuid = :u AND tag = 'cli'",
                    Map.of("u", backup), Integer.class)).isEqualTo(1);
            assertThat(Http.metric(new Http(service.baseUrl()).get("/observe/metrics", Map.of()).text(),
                    "backupsync_syncs_total{code=\"\",door=\"rpc\",outcome=\"success\"} ")).as("counted as the RPC door's").isEqualTo(1.0);

            // Query as zstack-cli builds it: every parameter as text, conditions as {name, op, value}.
            Answer byUuid = api.call(QUERY, Map.of("conditions", List.of(Map.of("name", "uuid", "op", "=", "value", backup)),
                    "limit", "10", "start", "0", "replyWithCount", "true"), session);
            assertThat(byUuid.name()).isEqualTo(QUERY_REPLY);
            assertThat(byUuid.success()).isTrue();
            assertThat(byUuid.event().path("total").asLong()).isEqualTo(1);
            assertThat(byUuid.event().path("inventories")).hasSize(1);
            assertThat(byUuid.event().has("schema")).isFalse();
            assertThat(Inventories.refOn(byUuid.event().path("inventories").get(0), fixture.drUuid)).isNotNull();

            Answer like = api.call(QUERY, Map.of("conditions", List.of(Map.of("name", "name", "op", "like", "value", "%-db")),
                    "sortBy", "name", "sortDirection", "desc"), session);
            assertThat(like.event().path("inventories").findValuesAsText("name")).containsExactly("weekly-db", "nightly-db");

            Answer in = api.call(QUERY, Map.of("conditions", List.of(Map.of("name", "uuid", "op", "in", "value", backup + "," + other),
                    Map.of("name", "backupStorageRefs.backupStorageUuid", "op", "=", "value", fixture.drUuid)), "count", true), session);
            assertThat(in.event().path("total").asLong()).isEqualTo(1);
            assertThat(in.event().has("inventories")).isFalse();

            Answer paged = api.call(QUERY, Map.of("conditions", List.of(Map.of("name", "name", "op", "is not null")),
                    "limit", 1, "start", 1, "sortBy", "name"), session);
            assertThat(paged.event().path("inventories").findValuesAsText("name")).containsExactly("weekly-db");
            Answer none = api.call(QUERY, Map.of("conditions", List.of(Map.of("name", "name", "op", "is null"))), session);
            assertThat(none.event().path("inventories")).isEmpty();
        }
    }

    @Test
    void logOutEndsTheSessionAsApibindingsLogOutDoes() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", 4096);
        try (ServiceRunner service = fixture.service().start()) {
            ZStackApi api = new ZStackApi("127.0.0.1", service.port());
            String session = api.logIn("admin", "password");
            Map<String, Object> query = Map.of("conditions", List.of(Map.of("name", "uuid", "op", "=", "value", backup)));
            assertThat(api.call(QUERY, query, session).success()).isTrue();

            // Api.log_out: a sync call carrying the session to end in sessionUuid, and no session of its own.
            Answer logOut = api.call(LOGOUT, Map.of("sessionUuid", session, "timeout", 15000), null);
            assertThat(logOut.name()).isEqualTo("org.zstack.header.identity.APILogOutReply");
            assertThat(logOut.success()).as(logOut.event().toString()).isTrue();
            assertThat(logOut.firstResponse().path("state").asText()).isEqualTo("Done");
            Answer after = api.call(QUERY, query, session);
            assertThat(after.success()).isFalse();
            assertThat(after.errorCode()).isEqualTo("ID.1001");
            // As ZStack's: a session already gone logs out again without complaint.
            assertThat(api.call(LOGOUT, Map.of("sessionUuid", session), null).success()).isTrue();
            Answer unsafe = api.call(LOGOUT, Map.of("sessionUuid", "../../backup-storage"), null);
            assertThat(unsafe.success()).isFalse();
            assertThat(unsafe.errorCode()).isEqualTo("SYS.1007");
            assertThat(unsafe.name()).isEqualTo(GENERIC_REPLY);
        }
    }

    @Test
    void everyRefusalIsAnErrorInsideTheResultAndChangesNothing() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String adminBackup = fixture.backup("admin", 4096);
        try (ServiceRunner service = fixture.service().start()) {
            ZStackApi api = new ZStackApi("127.0.0.1", service.port());
            String admin = api.logIn("admin", "password");
            String tenant = api.logIn("tenant1", "secret1");

            Answer unknownBackup = api.call(SYNC, syncFields(Uuids.random(), fixture), admin);
            assertThat(unknownBackup.firstResponse().path("state").asText()).isEqualTo("Processing");
            assertFailed(unknownBackup, GENERIC_EVENT, "SYS.1003", "DatabaseBackupVO");

            Answer othersBackup = api.call(SYNC, syncFields(adminBackup, fixture), tenant);
            assertFailed(othersBackup, GENERIC_EVENT, "ID.1002", "doesn't belong to the account");
            Answer othersQuery = api.call(QUERY, Map.of("conditions", List.of(Map.of("name", "uuid", "op", "=", "value", adminBackup))), tenant);
            assertThat(othersQuery.success()).isTrue();
            assertThat(othersQuery.event().path("inventories")).isEmpty();

            Answer wrongPassword = api.call(LOGIN, Map.of("accountName", "admin", "password", ZStackApi.sha512("nope")), null);
            assertFailed(wrongPassword, "org.zstack.header.identity.APILogInReply", "ID.1000", "wrong account name or password");

            // A session past its expiredDate (one no call has used yet: a used one is cached for a few seconds).
            String expired = api.logIn("tenant1", "secret1");
            service.jdbc().update("UPDATE SessionVO SET expiredDate = :past WHERE uuid = :u",
                    Map.of("past", Timestamp.from(Instant.now().minusSeconds(60)), "u", expired));
            assertFailed(api.call(QUERY, Map.of(), expired), GENERIC_REPLY, "ID.1001", "expired");
            assertFailed(api.call(SYNC, syncFields(adminBackup, fixture), expired), GENERIC_EVENT, "ID.1001", "expired");
            assertFailed(api.call(QUERY, Map.of(), null), GENERIC_REPLY, "ID.1001", "session of message");

            assertFailed(api.call("org.zstack.header.zone.APICreateZoneMsg", Map.of("name", "zone1"), admin),
                    GENERIC_REPLY, "SYS.1008", "org.zstack.header.zone.APICreateZoneMsg");
            assertFailed(api.call(QUERY, Map.of("conditions", List.of(Map.of("name", "uuid", "op", "~~", "value", "x"))), admin),
                    GENERIC_REPLY, "SYS.1007", "unknown QueryOp type[~~]");
            assertFailed(api.call(QUERY, Map.of("conditions", List.of(Map.of("name", "password", "op", "=", "value", "x"))), admin),
                    GENERIC_REPLY, "SYS.1007", "cannot query on field 'password'");
            assertFailed(api.call(QUERY, Map.of("sortBy", "name", "sortDirection", "up"), admin),
                    GENERIC_REPLY, "SYS.1007", "valid value for field[sortDirection]");
            assertFailed(api.call(SYNC, Map.of("uuid", adminBackup, "srcBackupStorageUuid", fixture.primaryUuid), admin),
                    GENERIC_EVENT, "SYS.1007", "dstBackupStorageUuid");
            assertFailed(api.call(SYNC, Map.of("uuid", adminBackup, "srcBackupStorageUuid", 42,
                    "dstBackupStorageUuid", fixture.drUuid), admin), GENERIC_EVENT, "SYS.1007", "must be a string");
            assertFailed(api.call(SYNC, Map.of("uuid", "../../etc", "srcBackupStorageUuid", fixture.primaryUuid,
                    "dstBackupStorageUuid", fixture.drUuid), admin), GENERIC_EVENT, "SYS.1007", "is not a ZStack uuid");

            for (String malformed : List.of("not json", "{}", "[]", "{\"%s\": {}, \"%s\": {}}".formatted(LOGIN, QUERY),
                    "{\"%s\": \"admin\"}".formatted(LOGIN), "{\"%s\": {\"session\": 42}}".formatted(QUERY))) {
                Raw raw = api.post(malformed);
                assertThat(raw.status()).as(malformed).isEqualTo(200);
                assertThat(raw.json().path("state").asText()).isEqualTo("Done");
                JsonNode result = Http.JSON.readTree(raw.json().path("result").asText());
                JsonNode reply = result.path(GENERIC_REPLY);
                assertThat(reply.path("success").asBoolean(true)).as(malformed).isFalse();
                assertThat(reply.path("error").path("code").asText()).as(malformed).isEqualTo("SYS.1007");
                assertThat(raw.body()).doesNotContain("Exception").doesNotContain("at backupsync.");
            }

            // Results: an unknown uuid, and a job of the REST door, are not RPC results.
            Raw unknown = api.poll(Uuids.random());
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().path("error").path("code").asText()).isEqualTo("SYS.1003");
            assertThat(api.poll("..%2F..").status()).isEqualTo(404);
            Jobs jobs = new Jobs(new Http(service.baseUrl()));
            String restJob = Jobs.newJobUuid();
            jobs.start(restJob, adminBackup, Http.sdkBody(fixture.primaryUuid, fixture.thirdUuid), admin, Map.of());
            jobs.awaitEnd(restJob, admin);
            assertThat(api.poll(restJob).status()).isEqualTo(404);

            // Nothing the refusals touched changed: the only copy is the REST job's, on the third store.
            assertThat(Fixture.filesUnder(fixture.dr)).isEmpty();
            assertThat(Inventories.refRows(service, adminBackup, fixture.drUuid)).isZero();
        }
    }

    @Test
    void aResultPolledAfterARestartIsTheJobsAnswer() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", 4096);
        String admin;
        String finished;
        String interrupted = Uuids.random();
        try (ServiceRunner first = fixture.service().with("backupsync.node-id", "node-a").start()) {
            ZStackApi api = new ZStackApi("127.0.0.1", first.port());
            admin = api.logIn("admin", "password");
            Raw accepted = api.post(Http.JSON.writeValueAsString(Map.of(SYNC, Map.of("uuid", backup,
                    "srcBackupStorageUuid", fixture.primaryUuid, "dstBackupStorageUuid", fixture.drUuid,
                    "session", Map.of("uuid", admin)))));
            assertThat(accepted.json().path("state").asText()).isEqualTo("Processing");
            finished = accepted.json().path("uuid").asText();
            // The call was made; the node stops before anyone polled, once the job is done.
            await().until(() -> "Done".equals(first.jdbc().queryForObject("SELECT state FROM AsyncRestVO WHERE uuid = :u",
                    Map.of("u", finished), String.class)));
            // What a node that died mid-job leaves: its RPC job still Processing.
            first.jdbc().update("""
                    INSERT INTO AsyncRestVO (uuid, requestData, state, sessionUuid, apiTimeout, deadline, nodeId)
                    VALUES (:uuid, :data, 'Processing', :session, 60000, :deadline, 'node-a')""",
                    Map.of("uuid", interrupted, "data", "{\"apiMessageName\":\"" + SYNC + "\",\"method\":\"PUT\"}",
                            "session", admin, "deadline", Timestamp.from(Instant.now().plusSeconds(60))));
            assertThat(api.poll(interrupted).json().path("state").asText()).isEqualTo("Processing");
        }
        try (ServiceRunner second = fixture.service().with("backupsync.node-id", "node-a").start()) {
            ZStackApi api = new ZStackApi("127.0.0.1", second.port());
            Raw polled = api.poll(finished);
            assertThat(polled.status()).isEqualTo(200);
            assertThat(polled.json().path("uuid").asText()).isEqualTo(finished);
            assertThat(polled.json().path("state").asText()).isEqualTo("Done");
            JsonNode event = Http.JSON.readTree(polled.json().path("result").asText()).path(SYNC_EVENT);
            assertThat(event.path("success").asBoolean()).as(polled.body()).isTrue();
            assertThat(Inventories.refOn(event.path("inventory"), fixture.drUuid).path("status").asText()).isEqualTo("Ready");

            JsonNode cancelled = Http.JSON.readTree(api.poll(interrupted).json().path("result").asText()).path(SYNC_EVENT);
            assertThat(cancelled.path("success").asBoolean(true)).isFalse();
            assertThat(cancelled.path("error").path("code").asText()).isEqualTo("SYS.1017");
        }
    }

    @Test
    void theMessagesTimeoutIsTheJobsApiTimeout() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", 8 << 20);
        try (ServiceRunner service = fixture.service().start()) {
            ZStackApi api = new ZStackApi("127.0.0.1", service.port());
            String admin = api.logIn("admin", "password");
            Map<String, Object> fields = new java.util.HashMap<>(syncFields(backup, fixture));
            fields.put("timeout", 1);
            fields.put("session", Map.of("uuid", admin));
            // Posted and polled by hand: api.py would stop polling after the message's timeout itself.
            String job = api.post(Http.JSON.writeValueAsString(Map.of(SYNC, fields))).json().path("uuid").asText();
            JsonNode done = await().until(() -> api.poll(job).json(), r -> "Done".equals(r.path("state").asText()));
            JsonNode late = Http.JSON.readTree(done.path("result").asText()).path(SYNC_EVENT);
            assertThat(late.path("success").asBoolean(true)).as(done.toString()).isFalse();
            assertThat(late.path("error").path("code").asText()).isEqualTo("SYS.1001");
            // The copy is cancelled and cleaned: no ref, and no file stays on the destination.
            await().until(() -> Fixture.filesUnder(fixture.dr).isEmpty()
                    && Inventories.refRows(service, backup, fixture.drUuid) == 0);
            // -1, ZStack's "no timeout of its own": the default applies, and the sync goes through.
            fields.put("timeout", -1);
            String again = api.post(Http.JSON.writeValueAsString(Map.of(SYNC, fields))).json().path("uuid").asText();
            JsonNode ok = await().until(() -> api.poll(again).json(), r -> "Done".equals(r.path("state").asText()));
            assertThat(Http.JSON.readTree(ok.path("result").asText()).path(SYNC_EVENT).path("success").asBoolean())
                    .as(ok.toString()).isTrue();
        }
    }

    @Test
    void anyNodeAnswersTheResultPoll() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", 1 << 20);
        Path inventory = fixture.writeInventory();
        Path shared = java.nio.file.Files.createDirectories(tmp.resolve("shared"));
        try (ServiceRunner first = node(tmp.resolve("node1"), inventory, shared).with("backupsync.node-id", "node-1").start();
             ServiceRunner second = node(tmp.resolve("node2"), inventory, shared).with("backupsync.node-id", "node-2").start()) {
            ZStackApi one = new ZStackApi("127.0.0.1", first.port());
            ZStackApi other = new ZStackApi("127.0.0.1", second.port());
            String admin = one.logIn("admin", "password");
            Raw accepted = one.post(Http.JSON.writeValueAsString(Map.of(SYNC, Map.of("uuid", backup,
                    "srcBackupStorageUuid", fixture.primaryUuid, "dstBackupStorageUuid", fixture.drUuid,
                    "session", Map.of("uuid", admin)))));
            String job = accepted.json().path("uuid").asText();
            JsonNode done = await().until(() -> other.poll(job).json(), r -> "Done".equals(r.path("state").asText()));
            JsonNode event = Http.JSON.readTree(done.path("result").asText()).path(SYNC_EVENT);
            assertThat(event.path("success").asBoolean()).as(done.toString()).isTrue();
            // The sync ran once, on the node that was called.
            assertThat(first.jdbc().queryForObject("SELECT nodeId FROM AsyncRestVO WHERE uuid = :u", Map.of("u", job),
                    String.class)).isEqualTo("node-1");
        }
    }

    @Test
    void theDoorsPathsAndMethodsAreZStacks() throws Exception {
        Fixture fixture = new Fixture(tmp);
        try (ServiceRunner service = fixture.service().start()) {
            Http http = new Http(service.baseUrl());
            String body = Http.JSON.writeValueAsString(Map.of(LOGIN, Map.of("accountName", "admin",
                    "password", Http.ADMIN_PASSWORD_SHA512)));
            // apibinding's example.py posts to /zstack/api, api.py to /zstack/api/; ZStack takes POST and PUT.
            for (String path : List.of("/zstack/api", "/zstack/api/")) {
                for (String method : List.of("POST", "PUT")) {
                    Http.Response response = http.send(method, path, body, Map.of("Content-Type", "application/json"));
                    assertThat(response.status()).as(method + " " + path).isEqualTo(200);
                    JsonNode result = Http.JSON.readTree(response.json().path("result").asText());
                    assertThat(result.path("org.zstack.header.identity.APILogInReply").path("success").asBoolean()).isTrue();
                }
            }
            Http.Response get = http.get("/zstack/api", Map.of());
            assertThat(get.status()).isEqualTo(405);
            assertThat(get.raw().headers().firstValue("Allow")).hasValue("POST, PUT");
            Http.Response delete = http.send("DELETE", "/zstack/api/result/" + Uuids.random(), null, Map.of());
            assertThat(delete.status()).isEqualTo(405);
            Http.Response put = http.send("PUT", "/zstack/api/result/" + Uuids.random(), null, Map.of());
            assertThat(put.status()).isEqualTo(404);
            assertThat(put.error().get("code").asText()).isEqualTo("SYS.1003");
        }
    }

    private static ServiceRunner node(Path dataDir, Path inventory, Path shared) throws Exception {
        java.nio.file.Files.createDirectories(dataDir);
        return new ServiceRunner(dataDir, inventory).sharedDatabase(shared);
    }

    static Map<String, Object> syncFields(String backup, Fixture fixture) {
        return Map.of("uuid", backup, "srcBackupStorageUuid", fixture.primaryUuid, "dstBackupStorageUuid", fixture.drUuid);
    }

    static void assertFailed(Answer answer, String className, String code, String detail) {
        assertThat(answer.name()).as(answer.event().toString()).isEqualTo(className);
        assertThat(answer.success()).isFalse();
        assertThat(answer.errorCode()).as(answer.event().toString()).isEqualTo(code);
        assertThat(answer.event().path("error").path("details").asText()).contains(detail);
        assertThat(answer.response().path("state").asText()).isEqualTo("Done");
    }
}
