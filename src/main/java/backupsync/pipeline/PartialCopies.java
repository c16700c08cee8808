package backupsync.pipeline;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import backupsync.data.SqlFiles;
import backupsync.storage.BackupStore;
import backupsync.storage.StoragePathException;
import backupsync.storage.StoreName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The temporary files kept for a resume ({@code PartialCopyVO}): one per backup and destination store, with how many
 * of its bytes were fsynced. A sync cut off by the link, a node that died while copying (recovered at its restart)
 * and a copy taken over after its lease leave one; the next sync of that backup to that store takes it and goes on
 * from there ({@link PrepareCopy}).
 */
public class PartialCopies {
    private static final Logger LOG = LoggerFactory.getLogger(PartialCopies.class);

    /** A kept temporary file and the bytes of it known durable. */
    public record Partial(StoreName temporaryName, long durableBytes) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public PartialCopies(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Keeps {@code temporary} for the next sync of the backup to {@code store}; with nothing durable in it, it is
     * deleted instead. An older partial of the same key goes: the newest holds the most. Answers false only when the
     * file had to be deleted and the store did not answer (a remote one out of reach), so it may still be there.
     */
    public boolean keep(BackupStore store, String backupUuid, String storageUuid, StoreName temporary, long durableBytes) {
        Map<String, Object> key = Map.of("databaseBackupUuid", backupUuid, "backupStorageUuid", storageUuid);
        Optional<Partial> older = find(key);
        if (older.isPresent() && older.get().temporaryName().equals(temporary)) {
            return true; // kept already (a recovery that ran before, up to here)
        }
        if (durableBytes <= 0) {
            return delete(store, temporary);
        }
        older.ifPresent(partial -> {
            jdbc.update(SqlFiles.load("delete-partial-copy"), withPath(key, partial.temporaryName()));
            if (store != null) {
                store.deleteQuietly(partial.temporaryName());
            }
        });
        try {
            jdbc.update(SqlFiles.load("insert-partial-copy"), Map.of("databaseBackupUuid", backupUuid,
                    "backupStorageUuid", storageUuid, "temporaryPath", temporary.toString(), "durableBytes", durableBytes));
        } catch (DuplicateKeyException raced) {
            // Another sync kept its own partial of the same key meanwhile: one is enough.
            return delete(store, temporary);
        }
        LOG.info("kept {} ({} bytes durable) on backup storage {} for the next sync of database backup {} to resume",
                temporary, durableBytes, storageUuid, backupUuid);
        return true;
    }

    /** The partial copy to resume, taken: its record is gone, so no other sync resumes it too. */
    public Optional<Partial> take(String backupUuid, String storageUuid) {
        Map<String, Object> key = Map.of("databaseBackupUuid", backupUuid, "backupStorageUuid", storageUuid);
        Optional<Partial> partial = find(key);
        if (partial.isPresent() && jdbc.update(SqlFiles.load("delete-partial-copy"), withPath(key, partial.get().temporaryName())) == 1) {
            return partial;
        }
        return Optional.empty();
    }

    private Optional<Partial> find(Map<String, Object> key) {
        List<Map<String, Object>> rows = jdbc.queryForList(SqlFiles.load("select-partial-copy"), key);
        for (Map<String, Object> row : rows) {
            try {
                return Optional.of(new Partial(StoreName.parse((String) row.get("temporaryPath")),
                        ((Number) row.get("durableBytes")).longValue()));
            } catch (StoragePathException e) {
                LOG.warn("ignoring the partial copy {}: {}", row.get("temporaryPath"), e.getMessage());
                jdbc.update(SqlFiles.load("delete-partial-copy"), Map.of("databaseBackupUuid", key.get("databaseBackupUuid"),
                        "backupStorageUuid", key.get("backupStorageUuid"), "temporaryPath", row.get("temporaryPath")));
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> withPath(Map<String, Object> key, StoreName temporary) {
        return Map.of("databaseBackupUuid", key.get("databaseBackupUuid"), "backupStorageUuid", key.get("backupStorageUuid"),
                "temporaryPath", temporary.toString());
    }

    private static boolean delete(BackupStore store, StoreName temporary) {
        if (store == null) {
            return true; // the store is gone from the database: its files are out of reach
        }
        try {
            store.delete(temporary);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete {} on {}: {}", temporary, store.location(), e.getMessage());
            return false;
        }
    }
}
