package backupsync.queue;

import javax.sql.DataSource;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DuplicateKeyException;

/**
 * The request messages already handled, in table CAMEL_MESSAGEPROCESSED of our database. Flyway creates the table
 * (db/migration/h2/V3__idempotent_messages.sql), never this repository.
 */
public class QueueMessageIds extends JdbcMessageIdRepository {
    public static final String PROCESSOR_NAME = "queueSyncDatabaseBackup";

    public QueueMessageIds(DataSource dataSource) {
        super(dataSource, PROCESSOR_NAME);
        setCreateTableIfNotExists(false);
    }

    /**
     * Two deliveries of one request may finish at once (both passed the check before either was recorded); the
     * pipeline made one copy, and the second to record it is simply not new.
     */
    @Override
    public boolean add(String key) {
        try {
            return super.add(key);
        } catch (DuplicateKeyException alreadyRecorded) {
            return false;
        }
    }
}
