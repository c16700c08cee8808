package backupsync.pipeline;

import backupsync.auth.Caller;
import backupsync.auth.SessionService;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Step "authenticate": who asks. A door without sessions (queue, schedule) acts as the service itself. */
public class AuthenticateCaller implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticateCaller.class);
    private final SessionService sessions;

    public AuthenticateCaller(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public void process(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        if (sync.getSessionUuid() == null) {
            // Debug only: every candidate of a replication run comes this way, and the sync's own line names the door.
            LOG.debug("sync {} from the {} door has no session: it runs as the service itself", sync.getRequestId(),
                    sync.getDoor());
            sync.setCaller(Caller.service());
        } else {
            sync.setCaller(sessions.authenticate(sync.getSessionUuid()));
        }
    }
}
