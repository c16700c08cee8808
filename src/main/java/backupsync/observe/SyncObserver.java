package backupsync.observe;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import backupsync.api.ErrorCode;
import backupsync.api.Failures;
import backupsync.http.FailureResponder;
import backupsync.pipeline.SyncContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Pipeline step "observe": tracks the sync while it runs (for progress) and, when its exchange is done, writes the
 * one log line per sync and its metrics. Both outcomes pass here, whatever door the sync came through.
 */
public class SyncObserver implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger("backupsync.sync");
    /** Exchange property: this exchange's sync writes its own line, failures included. */
    public static final String OBSERVED = "backupSyncObserved";
    private final Map<String, InFlightSync> inFlight = new ConcurrentHashMap<>();
    private final SyncMetrics metrics;

    public SyncObserver(org.apache.camel.CamelContext context) {
        this.metrics = new SyncMetrics(context, inFlight::size);
    }

    public SyncMetrics metrics() {
        return metrics;
    }

    /** A sync under way: its context (read for progress) and when it began. */
    public record InFlightSync(SyncContext sync, long startedNanos, long startedMillis, CopyRate rate) {
    }

    @Override
    public void process(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        InFlightSync entry = new InFlightSync(sync, System.nanoTime(), System.currentTimeMillis(), new CopyRate());
        inFlight.put(sync.getRequestId(), entry);
        exchange.setProperty(OBSERVED, Boolean.TRUE);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                inFlight.remove(sync.getRequestId());
                finished(done, entry);
            }
        });
    }

    public Collection<InFlightSync> inFlight() {
        return inFlight.values();
    }

    private void finished(Exchange exchange, InFlightSync entry) {
        SyncContext sync = entry.sync();
        Duration duration = Duration.ofNanos(System.nanoTime() - entry.startedNanos());
        ErrorCode error = errorOf(exchange);
        String outcome = error == null ? (sync.isCopied() ? "copied" : "already-present") : "failed " + error.code();
        metrics.record(sync.getDoor(), error == null ? null : error.code(), sync.getBytesCopied(), duration);
        // A failed sync is what an operator looks for: WARN, so a log filtered to warnings still shows it.
        LOG.atLevel(error == null ? Level.INFO : Level.WARN)
                .log("sync {} door={} backup={} src={} dst={} bytes={} duration={}ms outcome={}{}", sync.getRequestId(),
                        sync.getDoor(), sync.getBackupUuid(), sync.getRequest().srcBackupStorageUuid(),
                        sync.getRequest().dstBackupStorageUuid(), sync.getBytesCopied(), duration.toMillis(), outcome,
                        error == null ? "" : " (" + error.details() + ")");
    }

    private static ErrorCode errorOf(Exchange exchange) {
        ErrorCode answered = exchange.getProperty(FailureResponder.ERROR_CODE, ErrorCode.class);
        if (answered != null) {
            return answered;
        }
        Throwable thrown = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return thrown == null ? null : Failures.describe(thrown).errorCode();
    }
}
