package backupsync.pipeline;

import java.io.InputStream;

import backupsync.api.ApiException;
import backupsync.storage.CancellableInputStream;
import org.apache.camel.Exchange;

/**
 * A request to stop a sync that is under way (an async job past its X-API-Timeout). Kept in the exchange property
 * {@value #PROPERTY} by the door that can cancel; the copy reads its source through {@link #cancellable}, so the next read
 * after {@link #cancel} fails and the normal error path deletes the temporary file and the Creating ref.
 * Threads are not interrupted: an interrupt would close the embedded database's file channels.
 */
public final class CopyCancellation {
    public static final String PROPERTY = "backupSyncCopyCancellation";

    private volatile ApiException reason;

    public void cancel(ApiException why) {
        this.reason = why;
    }

    /** Throws the reason once cancelled; a no-op before. */
    public void check() {
        ApiException why = reason;
        if (why != null) {
            throw why;
        }
    }

    /** True when this exchange can be cancelled, so its copy must go through a stream rather than a kernel copy. */
    public static boolean isCancellable(Exchange exchange) {
        return exchange.getProperty(PROPERTY) != null;
    }

    /** The source stream, read so that once this exchange's sync is cancelled, the next read fails. */
    public static InputStream cancellable(Exchange exchange, InputStream in) {
        CopyCancellation cancellation = exchange.getProperty(PROPERTY, CopyCancellation.class);
        return cancellation == null ? in : new CancellableInputStream(in, cancellation::check);
    }
}
