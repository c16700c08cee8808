package backupsync;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.Jobs;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Jobs across the life of the service: a restart between start and poll, expiry, nodes that go away. */
class JobLifecycleTest {
    @TempDir
    Path tmp;

    @Test
    void aRestartKeepsFinishedJobsAndFailsTheOnesItInterrupted() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", 4096);
        String finished = Jobs.newJobUuid();
        String interrupted = Jobs.newJobUuid();
        String onAnotherNode = Jobs.newJobUuid();
        String admin;
        Response before;
        List<String> hookBodies = new CopyOnWriteArrayList<>();
        HttpServer hook = startHookReceiver(0, hookBodies);
        try (ServiceRunner first = fixture.service().with("backupsync.node-id", "node-a").start()) {
            Http http = new Http(first.baseUrl());
            admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
            Jobs jobs = new Jobs(http);
            jobs.start(finished, backup, Http.sdkBody(fixture.primaryUuid, fixture.drUuid), admin, Map.of());
            before = jobs.awaitEnd(finished, admin);
            assertThat(before.status()).isEqualTo(200);
            // What a process that dies mid-job leaves behind: its row still says Processing.
            insertProcessingJob(first, interrupted, admin, "node-a");
            insertProcessingJob(first, onAnotherNode, admin, "node-b");
            first.jdbc().update("UPDATE AsyncRestVO SET webHook = :hook WHERE uuid = :uuid",
                    Map.of("hook", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook", "uuid", interrupted));
        }

        try (ServiceRunner second = fixture.service().with("backupsync.node-id", "node-a").start()) {
            Jobs jobs = new Jobs(new Http(second.baseUrl()));

            Response after = jobs.poll(finished, admin, Map.of("X-JSON-Schema", "true"));
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.json()).isEqualTo(before.json());

            Response failed = jobs.poll(interrupted, admin);
            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.error().get("code").asText()).isEqualTo("SYS.1017");
            assertThat(failed.error().get("details").asText()).isEqualTo("the service restarted while the job ran; retry");

            // Another node's job is that node's business until its deadline.
            assertThat(jobs.poll(onAnotherNode, admin).status()).isEqualTo(202);

            // The interrupted job's web hook hears the failure, like that of any job that ends.
            await().until(() -> hookBodies.size() == 1);
            assertThat(Http.JSON.readTree(hookBodies.get(0)).get("error").get("code").asText()).isEqualTo("SYS.1017");
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void finishedJobsExpireAndOverdueJobsOfVanishedNodesFail() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", 4096);
        try (ServiceRunner service = fixture.service()
                .with("backupsync.jobs.expire-after", "1")
                .with("backupsync.jobs.cleanup-interval", "1").start()) {
            Http http = new Http(service.baseUrl());
            String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
            Jobs jobs = new Jobs(http);
            String job = Jobs.newJobUuid();
            jobs.start(job, backup, Http.sdkBody(fixture.primaryUuid, fixture.drUuid), admin, Map.of());
            String orphan = Jobs.newJobUuid();
            service.jdbc().update("""
                    INSERT INTO AsyncRestVO (uuid, state, sessionUuid, apiTimeout, deadline, nodeId)
                    VALUES (:uuid, 'Processing', :session, 1000, :deadline, 'vanished-node')""",
                    Map.of("uuid", orphan, "session", admin, "deadline", java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1))));

            Response orphanFailed = jobs.awaitEnd(orphan, admin);
            assertThat(orphanFailed.status()).isEqualTo(503);
            assertThat(orphanFailed.error().get("code").asText()).isEqualTo("SYS.1001");

            await().until(() -> jobs.poll(job, admin).status() == 404);
            Response expired = jobs.poll(job, admin);
            assertThat(expired.error().get("code").asText()).isEqualTo("SYS.1003");
            await().until(() -> service.jdbc().queryForObject("SELECT COUNT(*) FROM AsyncRestVO WHERE uuid = :u",
                    Map.of("u", job), Integer.class) == 0);
            // The copy it made is not undone by the expiry of its job.
            assertThat(fixture.onDr(backup)).exists();
        }
    }

    @Test
    void aWebHookStillOwedWhenTheNodeStopsIsSentAtItsNextStart() throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", 4096);
        String job = Jobs.newJobUuid();
        // No receiver while the first node runs (connections refused): no delivery of the first node can
        // succeed late, so whatever the receiver gets later came from the second start.
        int hookPort = ServiceRunner.freePort();
        String admin;
        Response answer;
        try (ServiceRunner first = fixture.service().with("backupsync.node-id", "node-a")
                .with("backupsync.jobs.webhook-attempts", "1000").with("backupsync.jobs.webhook-backoff", "100").start()) {
            Http http = new Http(first.baseUrl());
            admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
            Jobs jobs = new Jobs(http);
            jobs.start(job, backup, Http.sdkBody(fixture.primaryUuid, fixture.drUuid), admin,
                    Map.of("X-Web-Hook", "http://127.0.0.1:" + hookPort + "/hook"));
            answer = jobs.awaitEnd(job, admin);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(webHookOwedBy(first, job)).isEqualTo("node-a");
        }

        List<String> delivered = new CopyOnWriteArrayList<>();
        HttpServer hook = startHookReceiver(hookPort, delivered);
        try {
            try (ServiceRunner second = fixture.service().with("backupsync.node-id", "node-a").start()) {
                await().until(() -> webHookOwedBy(second, job) == null);
                assertThat(delivered).hasSize(1);
                JsonNode body = Http.JSON.readTree(delivered.get(0));
                assertThat(body.get("jobUuid").asText()).isEqualTo(job);
                assertThat(body.get("inventory")).isEqualTo(answer.json().get("inventory"));
            }
            // Delivered and recorded: a third start owes nothing and sends nothing.
            try (ServiceRunner third = fixture.service().with("backupsync.node-id", "node-a").start()) {
                assertThat(webHookOwedBy(third, job)).isNull();
                assertThat(new Jobs(new Http(third.baseUrl())).poll(job, admin).status()).isEqualTo(200);
                assertThat(delivered).hasSize(1);
            }
        } finally {
            hook.stop(0);
        }
    }

    /** A web hook receiver on loopback (port 0: any) that keeps each body and answers 204. */
    private static HttpServer startHookReceiver(int port, List<String> bodies) throws java.io.IOException {
        HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        hook.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        return hook;
    }

    private static String webHookOwedBy(ServiceRunner service, String job) {
        return service.jdbc().queryForObject("SELECT webHookPendingOn FROM AsyncRestVO WHERE uuid = :uuid",
                Map.of("uuid", job), String.class);
    }

    private static void insertProcessingJob(ServiceRunner service, String uuid, String session, String nodeId) {
        service.jdbc().update("""
                INSERT INTO AsyncRestVO (uuid, state, sessionUuid, apiTimeout, deadline, nodeId)
                VALUES (:uuid, 'Processing', :session, 3600000, :deadline, :node)""",
                Map.of("uuid", uuid, "session", session, "node", nodeId, "deadline", java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(3600))));
    }
}
