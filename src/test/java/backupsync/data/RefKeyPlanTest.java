package backupsync.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import backupsync.support.Fixture;
import backupsync.support.ServiceRunner;
import backupsync.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Every statement on one (backup, store) key reads that backup's few refs, not every ref of the store. H2 chooses
 * the index by column selectivity and learns it only from ANALYZE, after 2,000 changed rows; on a young database
 * it took the store's foreign-key index, and a 1,000-backup replication run read half the destination's refs
 * for each ref it marked Ready (V14 states the selectivity up front).
 */
class RefKeyPlanTest {
    /** A condition on each key column compared with a parameter: a statement about one (backup, store) pair. */
    private static final Pattern BACKUP_KEY = Pattern.compile("databaseBackupUuid = :#?\\w+");
    private static final Pattern STORE_KEY = Pattern.compile("backupStorageUuid = :#?\\w+");
    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");
    private static final int BACKUPS_ON_DR = 100;

    @TempDir
    Path tmp;

    /** Every SQL file that reads or changes rows by (backup, store) key: a new one is checked without listing it. */
    private static List<String> statementsByKey() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/sql"))) {
            List<String> names = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                String text = Files.readString(file);
                if (BACKUP_KEY.matcher(text).find() && STORE_KEY.matcher(text).find()) {
                    names.add(file.getFileName().toString().replace(".sql", ""));
                }
            }
            return names;
        }
    }

    @Test
    void statementsByRefKeyReadOnlyTheBackupsRefsOnAYoungDatabase() throws Exception {
        assumeThat(TestDatabases.onServer()).as("PostgreSQL and MariaDB plan with their own statistics").isFalse();
        Fixture fixture = new Fixture(tmp);
        for (int i = 0; i < BACKUPS_ON_DR; i++) {
            fixture.backupAlreadyOnDr(16);
        }
        String backup = fixture.backup("admin", 16);
        try (ServiceRunner service = fixture.service().start()) {
            Map<String, Object> key = new HashMap<>();
            key.put("backupUuid", backup);
            key.put("databaseBackupUuid", backup);
            key.put("dstBackupStorageUuid", fixture.drUuid);
            key.put("backupStorageUuid", fixture.drUuid);
            key.put("installPath", "zstore://zsbak/" + backup);
            key.put("requestId", "plan");
            key.put("temporaryPath", "zsbak/." + backup + ".plan.part");
            key.put("durableBytes", 0L);
            List<String> statements = statementsByKey();
            assertThat(statements).contains("mark-ref-ready", "delete-creating-ref", "select-destination-ref");
            for (String statement : statements) {
                // camel-sql's :#name is Spring's :name; EXPLAIN ANALYZE runs it (on a key with no ref: nothing changes).
                String sql = "EXPLAIN ANALYZE " + SqlFiles.load(statement).replace(":#", ":");
                String plan = service.jdbc().queryForObject(sql, key, String.class);
                Matcher scans = SCAN_COUNT.matcher(plan);
                assertThat(scans.find()).as("%s: a plan with its scan count: %s", statement, plan).isTrue();
                do {
                    // The backup has one ref (on the primary), read plus H2's one step past the end.
                    assertThat(Integer.parseInt(scans.group(1))).as("%s reads through %s", statement, plan).isLessThanOrEqualTo(3);
                } while (scans.find());
            }
        }
    }
}
