package backupsync.pipeline;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import backupsync.auth.Caller;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Step "authorize": a backup is the business of its owner account and of admin (ID.1002 otherwise, as ZStack). */
public class AuthorizeCaller implements Processor {

    @Override
    public void process(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        String owner = exchange.getProperty(AttachSyncSubjects.OWNER, String.class);
        exchange.removeProperty(AttachSyncSubjects.OWNER);
        Caller caller = sync.getCaller();
        if (!caller.isAdmin() && !caller.accountUuid().equals(owner)) {
            throw new ApiException(ZStackError.PERMISSION_DENIED,
                    "operation denied. The resource[uuid: %s] doesn't belong to the account[uuid: %s]"
                            .formatted(sync.getBackupUuid(), caller.accountUuid()));
        }
    }
}
