package backupsync;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What operators watch, read after real syncs: /observe/health, /observe/metrics and a sync's progress. */
class ObserveTest {
    @TempDir
    static Path tmp;
    static Fixture fixture;
    static ServiceRunner service;
    static Http http;
    static String admin;
    static String small1;
    static String small2;
    static String large;
    static final long LARGE = 1L << 30;

    @BeforeAll
    static void start() throws Exception {
        fixture = new Fixture(tmp);
        small1 = fixture.backup("admin", 70_000);
        small2 = fixture.backup("admin", 30_000);
        // A sparse gigabyte: quick to create, long enough to copy that its progress can be read mid-way.
        large = fixture.backup("admin", 1);
        try (RandomAccessFile file = new RandomAccessFile(fixture.onPrimary(large).toFile(), "rw")) {
            file.setLength(LARGE);
        }
        Files.writeString(fixture.writeInventory(), Files.readString(fixture.writeInventory()).replace("{\"version\":\"3.0.0\"}", "{}"));
        service = new ServiceRunner(fixture.dataDir, tmp.resolve("inventory.yaml"))
                .with("backupsync.copy.buffer-size", "65536").start();
        http = new Http(service.baseUrl());
        admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        tenant = http.login("tenant1", backupsync.auth.PasswordHash.sha512Hex("secret1"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    static String tenant;

    private static Response sync(String backup, String dst) {
        return http.put("/zstack/v1/database-backups/" + backup + "/actions", Http.publishedBody(fixture.primaryUuid, dst),
                Http.session(admin));
    }

    @Test
    void metricsCountSyncsByOutcomeAndBytes() {
        String before = http.get("/observe/metrics", java.util.Map.of()).text();
        double bytesBefore = Http.metric(before, "backupsync_copied_bytes_total ");
        assertThat(sync(small1, fixture.drUuid).status()).isEqualTo(200);
        assertThat(sync(small2, fixture.drUuid).status()).isEqualTo(200);
        assertThat(sync(small2, fixture.drUuid).status()).isEqualTo(200);
        assertThat(sync(small2, fixture.disabledStoreUuid).status()).isEqualTo(503);

        String metrics = http.get("/observe/metrics", java.util.Map.of()).text();
        assertThat(Http.metric(metrics, "backupsync_copied_bytes_total ") - bytesBefore).isEqualTo(100_000.0);
        assertThat(Http.metric(metrics, "backupsync_syncs_total{code=\"\",door=\"rest\",outcome=\"success\"} "))
                .isGreaterThanOrEqualTo(3.0);
        assertThat(Http.metric(metrics, "backupsync_syncs_total{code=\"SYS.1006\",door=\"rest\",outcome=\"failure\"} "))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(metrics).contains("backupsync_sync_duration_seconds_bucket").contains("backupsync_copy_throughput_bytes_per_second_bucket")
                .contains("backupsync_syncs_in_progress");
    }

    @Test
    void everyMetricHasHelpAndThroughputHasADozenBuckets() {
        assertThat(sync(small1, fixture.thirdUuid).status()).isEqualTo(200);
        String metrics = http.get("/observe/metrics", java.util.Map.of()).text();

        java.util.Map<String, String> help = new java.util.HashMap<>();
        metrics.lines().filter(line -> line.startsWith("# HELP backupsync_")).forEach(line -> {
            String[] parts = line.split(" ", 4);
            help.put(parts[2], parts.length > 3 ? parts[3].strip() : "");
        });
        java.util.Set<String> samples = new java.util.TreeSet<>();
        metrics.lines().filter(line -> line.startsWith("backupsync_")).forEach(line -> samples.add(line.split("[{ ]", 2)[0]));
        assertThat(samples).contains("backupsync_syncs_in_progress", "backupsync_copied_bytes_total",
                "backupsync_copy_throughput_bytes_per_second_bucket");
        for (String sample : samples) {
            String family = help.containsKey(sample) ? sample : sample.replaceFirst("_(bucket|count|sum)$", "");
            assertThat(help.get(family)).as("HELP of " + sample).isNotBlank();
        }

        java.util.List<Double> bounds = metrics.lines()
                .filter(line -> line.startsWith("backupsync_copy_throughput_bytes_per_second_bucket{"))
                .map(line -> line.replaceFirst(".*le=\"([^\"]+)\".*", "$1")).filter(le -> !le.equals("+Inf"))
                .map(Double::valueOf).toList();
        assertThat(bounds).as("bucket bounds (B/s)").hasSizeBetween(10, 14).contains(1e6, 1e9, 1e10);
        assertThat(bounds.stream().mapToDouble(Double::doubleValue).max().orElseThrow()).isEqualTo(1e10);
    }

    @Test
    void requestsRefusedBeforeThePipelineAreCountedWithTheirStatusAndCode() {
        String actions = "/zstack/v1/database-backups/" + small2 + "/actions";
        String before = http.get("/observe/metrics", java.util.Map.of()).text();

        java.util.Map<String, String> xml = new java.util.HashMap<>(Http.session(admin));
        xml.put("Content-Type", "text/xml");
        assertThat(http.put(actions, Http.sdkBody(fixture.primaryUuid, fixture.drUuid), xml).status()).isEqualTo(415);
        assertThat(http.put(actions, "{", Http.session(admin)).status()).isEqualTo(400);
        assertThat(http.put(actions, "[" + "1,".repeat(1 << 20) + "1]", Http.session(admin)).status()).isEqualTo(413);
        assertThat(http.put(actions, Http.sdkBody(fixture.primaryUuid, fixture.drUuid), java.util.Map.of()).status()).isEqualTo(400);

        String after = http.get("/observe/metrics", java.util.Map.of()).text();
        String refused = "backupsync_requests_refused_total";
        assertThat(sum(after, refused, "status=\"415\"") - sum(before, refused, "status=\"415\"")).isEqualTo(1.0);
        assertThat(sum(after, refused, "status=\"400\"") - sum(before, refused, "status=\"400\"")).as("bad JSON, no session")
                .isEqualTo(2.0);
        assertThat(sum(after, refused, "status=\"413\"") - sum(before, refused, "status=\"413\"")).isEqualTo(1.0);
        assertThat(after).contains("backupsync_requests_refused_total{code=\"SYS.1007\",status=\"413\"}")
                .contains("backupsync_requests_refused_total{code=\"ID.1001\",status=\"400\"}");
        assertThat(sum(after, "backupsync_syncs_total", "outcome=\"failure\"")).as("none of them became a sync")
                .isEqualTo(sum(before, "backupsync_syncs_total", "outcome=\"failure\""));
    }

    /** The sum of a labelled metric's lines that have {@code label} (e.g. one HTTP status, over every code). */
    private static double sum(String metrics, String name, String label) {
        return metrics.lines().filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void healthReportsDatabaseAndStoreRoots() throws Exception {
        JsonNode health = http.get("/observe/health?data=true", java.util.Map.of()).json();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(check(health, "database").get("status").asText()).isEqualTo("UP");
        JsonNode stores = check(health, "store-roots");
        assertThat(stores.get("status").asText()).isEqualTo("UP");
        assertThat(stores.toString()).contains("store." + fixture.drUuid + ".freeBytes");

        Path third = fixture.third;
        Path moved = tmp.resolve("third-moved");
        Files.move(third, moved);
        try {
            // Issue 19: one bad store stops only the syncs that involve it; the node stays ready for the others.
            Response ready = http.get("/observe/health/ready?data=true", java.util.Map.of());
            assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
            assertThat(ready.json().get("status").asText()).isEqualTo("UP");
            JsonNode roots = check(ready.json(), "store-roots");
            assertThat(roots.get("status").asText()).isEqualTo("UP");
            assertThat(roots.toString()).contains("store." + fixture.thirdUuid + ".problem").contains("missing")
                    .contains("store." + fixture.drUuid + ".freeBytes");
        } finally {
            Files.move(moved, third);
        }
    }

    @Test
    void ourChecksComeFirstInHealthRightAfterCamelsContext() {
        // Another component's check that asks to come early (order 0, ahead of Camel's default): without an order of
        // their own ours would follow it, as they would follow any check registered before them.
        HealthCheck earlyGroup = new AbstractHealthCheck("other", "early-probe") {
            @Override
            public int getOrder() {
                return 0;
            }

            @Override
            protected void doCall(HealthCheckResultBuilder builder, java.util.Map<String, Object> options) {
                builder.up();
            }
        };
        HealthCheckRegistry registry = HealthCheckRegistry.get(service.camelContext());
        registry.register(earlyGroup);
        try {
            for (String path : List.of("/observe/health", "/observe/health/ready")) {
                List<String> names = new ArrayList<>();
                http.get(path + "?data=true", java.util.Map.of()).json().get("checks")
                        .forEach(check -> names.add(check.get("name").asText()));
                // Camel's context check holds Integer.MIN_VALUE, the one order nothing can go below.
                assertThat(names).as(path).startsWith("context", "database", "store-roots").contains("early-probe");
            }
        } finally {
            registry.unregister(earlyGroup);
        }
    }

    @Test
    void progressOfARunningSyncIsReadable() {
        CompletableFuture<Response> running = CompletableFuture.supplyAsync(() -> sync(large, fixture.thirdUuid));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            JsonNode inventories = http.get("/zstack/v1/database-backups/syncs/progress", Http.session(admin)).json().get("inventories");
            assertThat(inventories).isNotEmpty();
            JsonNode progress = inventories.get(0);
            assertThat(progress.get("databaseBackupUuid").asText()).isEqualTo(large);
            assertThat(progress.get("bytesTotal").asLong()).isEqualTo(LARGE);
            assertThat(progress.get("bytesDone").asLong()).isPositive().isLessThan(LARGE);
            // Right then, another account's session does not see the admin's sync in flight.
            assertThat(http.get("/zstack/v1/database-backups/syncs/progress", Http.session(tenant)).json().get("inventories")).isEmpty();
        });
        assertThat(running.join().status()).isEqualTo(200);
        assertThat(http.get("/zstack/v1/database-backups/syncs/progress", Http.session(admin)).json().get("inventories")).isEmpty();
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no health check " + name + " in " + health);
    }
}
