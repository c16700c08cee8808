package backupsync.pipeline;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.sql.SqlConstants;

/** In the commit transaction: the Creating ref this sync reserved must still be there to become Ready. */
public class CheckCommitted implements Processor {

    @Override
    public void process(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        Integer updated = exchange.getMessage().getHeader(SqlConstants.SQL_UPDATE_COUNT, Integer.class);
        if (updated == null || updated != 1) {
            throw new ApiException(ZStackError.OPERATION_ERROR,
                    "the Creating ref of database backup[uuid:%s] on backup storage[uuid:%s] disappeared during the copy"
                            .formatted(sync.getBackupUuid(), sync.getDestination().uuid()));
        }
    }

    /** After the transaction: the copy is recorded, nothing may be undone any more. */
    public static void markCommitted(Exchange exchange) {
        exchange.getProperty(SyncContext.PROPERTY, SyncContext.class).setCommitted(true);
    }
}
