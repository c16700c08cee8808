package backupsync.observe;

import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import backupsync.auth.Caller;
import backupsync.auth.SessionService;
import backupsync.http.HttpResponses;
import backupsync.http.OAuthSession;
import backupsync.pipeline.SyncContext;
import backupsync.storage.StagedWrite;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of every sync in flight: bytes done (what its staged write has written, the kernel copy's too, each byte
 * once even when a copy resumed) of the backup's size, the recent rate ({@link CopyRate}) and the time left at that
 * rate. Read over REST, and logged periodically for long copies.
 */
public class SyncProgress {
    private static final Logger LOG = LoggerFactory.getLogger("backupsync.progress");
    private final SyncObserver observer;
    private final SessionService sessions;
    private final long logAfterMillis;

    public SyncProgress(SyncObserver observer, SessionService sessions, long logAfterMillis) {
        this.observer = observer;
        this.sessions = sessions;
        this.logAfterMillis = logAfterMillis;
    }

    @JsonPropertyOrder({"requestId", "door", "databaseBackupUuid", "srcBackupStorageUuid", "dstBackupStorageUuid",
            "bytesDone", "bytesTotal", "percent", "bytesPerSecond", "etaSeconds", "startDate"})
    public record Progress(String requestId, String door, String databaseBackupUuid, String srcBackupStorageUuid,
                           String dstBackupStorageUuid, long bytesDone, long bytesTotal, double percent,
                           Long bytesPerSecond, Long etaSeconds, Date startDate) {
    }

    public List<Progress> snapshot() {
        return observer.inFlight().stream().map(SyncProgress::progressOf)
                .sorted(Comparator.comparing(Progress::startDate)).toList();
    }

    /** Step "readSyncProgress": GET /zstack/v1/database-backups/syncs/progress; a tenant sees its own syncs. */
    public void readSyncProgress(Exchange exchange) {
        Caller caller = sessions.authenticate(OAuthSession.sessionUuid(exchange.getMessage().getHeader("Authorization")));
        List<Progress> visible = observer.inFlight().stream()
                .filter(entry -> caller.isAdmin() || (entry.sync().getCaller() != null
                        && caller.accountUuid().equals(entry.sync().getCaller().accountUuid())))
                .map(SyncProgress::progressOf).sorted(Comparator.comparing(Progress::startDate)).toList();
        HttpResponses.write(exchange, 200, Map.of("inventories", visible));
    }

    /** Step "logLongCopies": one progress line per copy that has run longer than the log period. */
    public void logLongCopies() {
        long now = System.currentTimeMillis();
        for (SyncObserver.InFlightSync entry : observer.inFlight()) {
            // Every copy is sampled here, so a rate is known by the time anyone asks.
            Progress progress = progressOf(entry);
            if (now - entry.startedMillis() >= logAfterMillis) {
                LOG.info("sync {} backup={} dst={} progress {}/{} bytes ({}%){}", progress.requestId(),
                        progress.databaseBackupUuid(), progress.dstBackupStorageUuid(), progress.bytesDone(),
                        progress.bytesTotal(), String.format("%.1f", progress.percent()),
                        progress.bytesPerSecond() == null ? "" : String.format(" at %.1f MiB/s, %s left",
                                progress.bytesPerSecond() / 1048576.0,
                                progress.etaSeconds() == null ? "unknown time" : progress.etaSeconds() + " s"));
            }
        }
    }

    private static Progress progressOf(SyncObserver.InFlightSync entry) {
        SyncContext sync = entry.sync();
        long total = sync.getBackup() == null ? 0 : sync.getBackup().size();
        StagedWrite write = sync.getStagedWrite();
        long done = sync.isPublished() ? total : write == null ? 0 : write.bytesWritten();
        double percent = total == 0 ? 0 : Math.min(100.0, 100.0 * done / total);
        // The rate of what this sync sends: a prefix resumed from an earlier sync's partial copy arrives all at once.
        long resumed = write == null ? 0 : write.resumedFrom();
        OptionalDouble rate = entry.rate().at(System.nanoTime(), Math.max(0, done - resumed));
        Long bytesPerSecond = rate.isPresent() ? Math.round(rate.getAsDouble()) : null;
        Long eta = bytesPerSecond == null || bytesPerSecond == 0 ? null : (long) Math.ceil((total - done) / (double) bytesPerSecond);
        return new Progress(sync.getRequestId(), sync.getDoor(), sync.getBackupUuid(),
                sync.getRequest().srcBackupStorageUuid(), sync.getRequest().dstBackupStorageUuid(), done, total,
                Math.round(percent * 10) / 10.0, bytesPerSecond, eta, new Date(entry.startedMillis()));
    }
}
