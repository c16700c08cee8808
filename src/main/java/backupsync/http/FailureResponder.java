package backupsync.http;

import backupsync.api.Failures;
import backupsync.api.Failures.Failure;
import backupsync.observe.RefusedRequests;
import backupsync.observe.SyncObserver;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Error path, step "answerWithErrorCode": the ErrorCode body and ZStack's HTTP status; never a stack trace. */
public class FailureResponder {
    private static final Logger LOG = LoggerFactory.getLogger(FailureResponder.class);
    public static final String ERROR_CODE = "backupSyncErrorCode";
    private volatile RefusedRequests refused;

    public void answerWithErrorCode(Exchange exchange) {
        Throwable thrown = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Failure failure = Failures.describe(thrown);
        exchange.setProperty(ERROR_CODE, failure.errorCode());
        // A sync's failure is already in its own line and its metrics (SyncObserver); a second line per rejected
        // request doubled the logging cost of a flood of bad requests.
        boolean observed = exchange.getProperty(SyncObserver.OBSERVED, false, Boolean.class);
        if (!observed) {
            refused(exchange).count(failure.httpStatus(), failure.errorCode().code());
        }
        LOG.atLevel(observed ? Level.DEBUG : Level.INFO)
                .log("{} {} failed: {} {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                        exchange.getMessage().getHeader(Exchange.HTTP_PATH), failure.errorCode().code(),
                        failure.errorCode().details());
        HttpResponses.writeError(exchange, failure.httpStatus(), failure.errorCode());
    }

    private RefusedRequests refused(Exchange exchange) {
        if (refused == null) {
            refused = new RefusedRequests(exchange.getContext());
        }
        return refused;
    }
}
