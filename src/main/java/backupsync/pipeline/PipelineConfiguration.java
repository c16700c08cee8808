package backupsync.pipeline;

import backupsync.auth.SessionService;
import backupsync.bandwidth.BandwidthLimits;
import backupsync.config.StartupWork;
import backupsync.data.DatabaseConfiguration.DatabaseBeans;
import backupsync.storage.BackupStores;
import backupsync.storage.StorageConfiguration.StorageBeans;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The sync pipeline's steps, bound by the names {@link SyncPipelineRoute} gives them, and its start-up recovery. */
public final class PipelineConfiguration {
    private PipelineConfiguration() {
    }

    public static void bind(CamelContext context, SyncSettings settings, DatabaseBeans database, StorageBeans storage,
                            SessionService sessions, String nodeId, BandwidthLimits bandwidth, StartupWork work) throws Exception {
        Registry registry = context.getRegistry();
        BackupStores stores = storage.stores();
        NamedParameterJdbcTemplate jdbc = database.jdbc();
        // Before any route starts: what this node left half-done when it last stopped is undone.
        PartialCopies partials = new PartialCopies(jdbc);
        RecoverInterruptedSyncs recovery = new RecoverInterruptedSyncs(jdbc, stores, nodeId, partials);
        work.add("undo the syncs the last run left half-done", recovery::run);

        registry.bind("authenticateCaller", new AuthenticateCaller(sessions));
        registry.bind("validateSyncRequest", new ValidateSyncRequest(settings.maxTags(), settings.maxTagLength()));
        registry.bind("attachSyncSubjects", new AttachSyncSubjects());
        registry.bind("authorizeCaller", new AuthorizeCaller());
        registry.bind("checkSyncAllowed", new CheckSyncAllowed(storage.status()));
        registry.bind("lockDatabaseBackup", new LockDatabaseBackup(new BackupLocks(settings.lockTimeoutMs())));
        registry.bind("attachBackupStorageRefs", new AttachBackupStorageRefs());
        registry.bind("awaitOtherNodesCopy", new AwaitOtherNodesCopy(jdbc, stores, settings.lockTimeoutMs(),
                settings.waitPollIntervalMs(), settings.leaseMs(), partials));
        registry.bind("checkSourceHoldsBackup", new CheckSourceHoldsBackup(stores));
        ReservationHeartbeat heartbeat = new ReservationHeartbeat(jdbc, settings.leaseMs());
        CopyCheckpoints checkpoints = new CopyCheckpoints(jdbc, settings.resumeCheckpointBytes(), settings.writeBehindPeriodMs());
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                heartbeat.close();
                checkpoints.close();
            }
        });
        registry.bind("markReserved", new MarkReserved(heartbeat));
        registry.bind("recordReservation", new RecordReservation(jdbc, nodeId));
        registry.bind("prepareCopy", new PrepareCopy(partials, checkpoints));
        registry.bind("writeTemporaryFile", new WriteTemporaryFile(settings.copyBufferSize(),
                context.getExecutorServiceManager().newCachedThreadPool(PipelineConfiguration.class, "md5"), bandwidth));
        registry.bind("verifyCopy", new VerifyCopy());
        registry.bind("checkCommitted", new CheckCommitted());
        registry.bind("takeOverBadCopy", new TakeOverBadCopy());
        registry.bind("buildInventory", new BuildInventory());
        registry.bind("undoReservation", new UndoReservation(partials));
    }
}
