package backupsync.storage.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import backupsync.data.BackupStorageRow;
import backupsync.data.SqlFiles;
import backupsync.storage.BackupStores;
import backupsync.storage.ssh.SshEndpoint;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * ReconnectBackupStorage: reaches the store again; Connected with its capacity refreshed, or Disconnected and the
 * reason. A remote store's host key must still be the pinned one, unless the request accepts exactly the key the
 * host now presents ({@code acceptHostKey}); the check comes before any credential is sent.
 */
public class ReconnectBackupStorage {
    public static final String ACCEPT_HOST_KEY = "acceptHostKey";
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectBackupStorage.class);
    private final BackupStorageRecords records;
    private final RemoteStoreProbe probe;
    private final BackupStores stores;
    private final NamedParameterJdbcTemplate jdbc;
    private final Path nodeKeyFile;

    public ReconnectBackupStorage(BackupStorageRecords records, RemoteStoreProbe probe, BackupStores stores,
                                  NamedParameterJdbcTemplate jdbc, Path nodeKeyFile) {
        this.records = records;
        this.probe = probe;
        this.stores = stores;
        this.jdbc = jdbc;
        this.nodeKeyFile = nodeKeyFile;
    }

    /** Step "reconnectBackupStorage". */
    public void reconnect(Exchange exchange) throws IOException {
        StorageOperation operation = AddImageStoreBackupStorage.operation(exchange);
        String accept = operation.directive(ACCEPT_HOST_KEY);
        if (accept != null && !AddImageStoreParams.FINGERPRINT.matcher(accept).matches()) {
            throw ApiException.invalidField(ACCEPT_HOST_KEY, "must be SHA256:<base64> as 'ssh-keygen -l' prints it");
        }
        BackupStorageRecords.StoreAccess access = records.access(operation.getUuid());
        // Whatever the store's state was, the next use builds its store object anew from what is recorded now.
        stores.forget(access.uuid());
        String newFingerprint = null;
        long free;
        try {
            if (access.remote()) {
                SshEndpoint endpoint = new SshEndpoint(access.hostname(), access.sshPort(), access.username(), access.url());
                String presented = probe.presentedFingerprint(access.hostname(), access.sshPort());
                if (!presented.equals(access.hostKeyFingerprint())) {
                    if (accept == null) {
                        throw RemoteStoreProbe.hostKeyChanged(access.hostKeyFingerprint(), presented, endpoint.hostAddress());
                    }
                    if (!accept.equals(presented)) {
                        throw new ApiException(ZStackError.OPERATION_ERROR, ("acceptHostKey %s is not the key %s presents: it "
                                + "presented %s (pinned: %s); nothing was changed").formatted(accept, endpoint.hostAddress(),
                                presented, access.hostKeyFingerprint()));
                    }
                    newFingerprint = presented;
                }
                Path keyFile = access.privateKeyFile() != null ? Path.of(access.privateKeyFile())
                        : access.password() == null ? nodeKeyFile : null;
                if (keyFile == null && access.password() == null) {
                    throw new ApiException(ZStackError.OPERATION_ERROR, "the backup storage[uuid:%s] has neither a password nor a "
                            + "private key file; set backupsync.ssh.private-key-file".formatted(access.uuid()));
                }
                free = probe.checkRoot(endpoint, presented, keyFile, access.password());
            } else {
                BackupStorageRow row = BackupStorageRow.from(jdbc.queryForMap(SqlFiles.load("select-backup-storage-by-uuid"),
                        Map.of("uuid", access.uuid())));
                free = stores.of(row).checkRoot();
            }
        } catch (IOException | RuntimeException e) {
            records.disconnected(access.uuid());
            // The admin wants it back: the ping reconnects it once it answers, whatever the inventory had pinned.
            stores.pinnedStatuses().release(access.uuid());
            LOG.warn("reconnecting the backup storage {} failed; it is Disconnected: {}", access.uuid(), e.getMessage());
            throw e;
        }
        records.reconnected(access.uuid(), free, newFingerprint);
        // Connected by an admin's word: from now on the ping keeps the status, whatever the inventory had pinned.
        stores.pinnedStatuses().release(access.uuid());
        if (newFingerprint != null) {
            LOG.warn("the backup storage {} now pins the host key {} (was {}), accepted by the account {}", access.uuid(),
                    newFingerprint, access.hostKeyFingerprint(), operation.getCaller().accountUuid());
        }
        operation.setAnswer(records.inventory(access.uuid()).orElseThrow());
    }
}
