package backupsync;

import java.nio.file.Path;
import java.util.Map;

import backupsync.data.Database;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.ServiceRunner;
import backupsync.support.TestDatabases;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Pointing the service at a database that already holds ZStack's tables (what an existing ZStack installation
 * has): the default refuses to guess, {@code backupsync.db.migrate=baseline} takes the tables as they are and adds
 * only this service's later tables.
 */
class BaselineMigrationTest {
    @TempDir
    Path tmp;

    @Test
    void anExistingZStackSchemaIsRefusedByDefaultAndTakenOverWithBaseline() throws Exception {
        assumeThat(TestDatabases.onServer()).as("the ZStack tables are laid down with H2's own V1 script").isFalse();
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", 10_000);
        try (HikariDataSource zstack = Database.open(Database.embeddedH2Url(fixture.dataDir.toAbsolutePath()), "sa", "", 1, 5000)) {
            new JdbcTemplate(zstack).execute("RUNSCRIPT FROM 'classpath:db/migration/h2/V1__zstack_schema.sql'");
        }

        ServiceRunner refused = fixture.service();
        assertThatThrownBy(refused::start).hasStackTraceContaining("non-empty schema");
        refused.close();

        try (ServiceRunner service = fixture.service().with("backupsync.db.migrate", "baseline").start()) {
            Http http = new Http(service.baseUrl());
            String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
            assertThat(http.put("/zstack/v1/database-backups/" + backup + "/actions",
                    Http.publishedBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin)).status()).isEqualTo(200);
            // The service's own later tables (V2 jobs, V4 reservations) were added beside ZStack's.
            assertThat(service.jdbc().queryForObject("SELECT COUNT(*) FROM AsyncRestVO", Map.of(), Integer.class)).isZero();
            assertThat(service.jdbc().queryForObject("SELECT COUNT(*) FROM SyncReservationVO", Map.of(), Integer.class)).isZero();
        }
    }
}
