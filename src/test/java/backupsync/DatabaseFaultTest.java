package backupsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.Http.Response;
import backupsync.support.ServiceRunner;
import backupsync.support.TcpProxy;
import backupsync.support.TestDatabases;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away during requests (an H2 server behind a proxy the test cuts): answers are a clear SYS.1010
 * within the connection timeout, never a hang; when the database returns the service recovers by itself.
 */
class DatabaseFaultTest {
    @TempDir
    Path tmp;

    @Test
    void anUnreachableDatabaseGivesSys1010AndTheServiceRecoversByItself() throws Exception {
        assumeThat(TestDatabases.onServer()).as("H2 server mode behind a proxy; the real servers are not cut").isFalse();
        Fixture fixture = new Fixture(tmp);
        String during = fixture.backup("admin", 20_000);
        String after = fixture.backup("admin", 20_000);
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-baseDir", Files.createDirectories(tmp.resolve("h2")).toString(),
                "-ifNotExists").start();
        try (TcpProxy proxy = new TcpProxy(h2.getPort());
             ServiceRunner service = fixture.service()
                     .with("backupsync.db.url", "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/backupsync")
                     .with("backupsync.db.connection-timeout", "2000").start()) {
            Http http = new Http(service.baseUrl());
            String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);

            proxy.cut();
            Response refused = http.put("/zstack/v1/database-backups/" + during + "/actions",
                    Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.error().get("code").asText()).isEqualTo("SYS.1010");
            assertThat(refused.error().get("details").asText()).contains("database is unavailable");
            Response login = http.put("/zstack/v1/accounts/login",
                    "{\"logInByAccount\":{\"accountName\":\"admin\",\"password\":\"" + Http.ADMIN_PASSWORD_SHA512 + "\"}}",
                    java.util.Map.of("Content-Type", "application/json"));
            assertThat(login.error().get("code").asText()).isEqualTo("SYS.1010");
            assertThat(Fixture.filesUnder(fixture.dr)).as("nothing copied while the database was away").isEmpty();

            proxy.open();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                Response answer = http.put("/zstack/v1/database-backups/" + after + "/actions",
                        Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin));
                assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            });
            assertThat(Files.mismatch(fixture.onPrimary(after), fixture.onDr(after))).isEqualTo(-1L);
            Response retried = http.put("/zstack/v1/database-backups/" + during + "/actions",
                    Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin));
            assertThat(retried.status()).as("the request refused during the outage succeeds when retried").isEqualTo(200);
        } finally {
            h2.stop();
        }
    }
}
