package backupsync.http;

import backupsync.api.Failures;
import backupsync.api.Failures.Failure;
import backupsync.observe.SyncObserver;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Error path, step "answerWithErrorCode": the ErrorCode body and ZStack's HTTP status; never a stack trace. */
public class FailureResponder {
    private static final Logger LOG = LoggerFactory.getLogger(FailureResponder.class);
    public static final String ERROR_CODE = "backupSyncErrorCode";

    public void answerWithErrorCode(Exchange exchange) {
        Throwable thrown = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Failure failure = Failures.describe(thrown);
        exchange.setProperty(ERROR_CODE, failure.errorCode());
        // A sync's failure is already in its own line (SyncObserver); a second line per rejected request doubled
        // the logging cost of a flood of bad requests.
        LOG.atLevel(exchange.getProperty(SyncObserver.OBSERVED, false, Boolean.class) ? Level.DEBUG : Level.INFO)
                .log("{} {} failed: {} {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                        exchange.getMessage().getHeader(Exchange.HTTP_PATH), failure.errorCode().code(),
                        failure.errorCode().details());
        HttpResponses.writeError(exchange, failure.httpStatus(), failure.errorCode());
    }
}
