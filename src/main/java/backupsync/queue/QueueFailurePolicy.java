package backupsync.queue;

import backupsync.api.Failures;
import org.apache.camel.Exchange;

/** Decides, through {@link Failures}, whether a failed request is worth another attempt. */
public class QueueFailurePolicy {

    /** onWhen of the redelivering onException: I/O, database or broker trouble may pass; a bad request will not. */
    public boolean isTransient(Exchange exchange) {
        return Failures.describe(failureOf(exchange)).transientFailure();
    }

    static Throwable failureOf(Exchange exchange) {
        Throwable thrown = exchange.getException();
        return thrown != null ? thrown : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
