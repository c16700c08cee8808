package backupsync.pipeline;

import java.util.Map;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.dao.DuplicateKeyException;

import static backupsync.pipeline.AttachBackupStorageRefs.REF_ROWS;
import static backupsync.pipeline.AttachSyncSubjects.BACKUP_ROW;
import static backupsync.pipeline.AttachSyncSubjects.STORAGE_ROWS;
import static backupsync.pipeline.AttachSyncSubjects.USER_TAG_ROWS;

/**
 * The sync pipeline every door calls: validate, enrich, reserve, copy, commit. Its routes have no error handler
 * of their own: a failure travels back to the door's route, whose dead-letter channel undoes the reservation and
 * answers with an ErrorCode (routes/error-handling.yaml).
 */
public class SyncPipelineRoute extends RouteBuilder {
    /** The named parameters of the pipeline's SQL files; a method call, cheaper than an OGNL expression per step. */
    private static final Function<Exchange, Map<String, Object>> SQL_PARAMETERS =
            exchange -> exchange.getProperty(SyncContext.PROPERTY, SyncContext.class).getSqlParameters();

    /** Predicate for the route: the door answers with the inventory (a replication run does not). */
    static boolean answerWanted(Exchange exchange) {
        return exchange.getProperty(SyncContext.PROPERTY, SyncContext.class).isAnswerWanted();
    }

    @Override
    public void configure() {
        from("direct:syncDatabaseBackup").routeId("syncDatabaseBackup")
                .description("Sync a database backup from one image store to another")
                .errorHandler(noErrorHandler())
                .process("observeSync").id("observe")
                .process("authenticateCaller").id("authenticate")
                .process("validateSyncRequest").id("validate")
                .to("direct:enrichSyncRequest").id("enrich")
                .process("authorizeCaller").id("authorize")
                .process("checkSyncAllowed").id("checkSyncAllowed")
                .process("lockDatabaseBackup").id("serializePerBackup")
                .to("direct:reserveDestinationRef").id("reserve")
                // A destination that already holds a Ready copy: answer with the inventory, copy nothing.
                .filter(CheckSourceHoldsBackup::destinationLacksBackup).id("destinationLacksBackup?")
                    .to("direct:copyBackupFile").id("copy")
                    .to("direct:commitSync").id("commit")
                    .process(CheckCommitted::markCommitted).id("markCommitted")
                .end()
                .filter(SyncPipelineRoute::answerWanted).id("answerWanted?")
                    .to("direct:loadInventory").id("readInventory")
                .end();

        from("direct:enrichSyncRequest").routeId("enrichSyncRequest")
                .description("Read the backup, both storages, the owner and the backup's user tags")
                .errorHandler(noErrorHandler())
                .setBody(SQL_PARAMETERS).id("enrichParameters")
                .to("sql:classpath:sql/select-database-backup-and-owner.sql?outputType=SelectOne&outputHeader=" + BACKUP_ROW)
                .id("selectDatabaseBackupAndOwner")
                .to("sql:classpath:sql/select-sync-backup-storages.sql?outputHeader=" + STORAGE_ROWS)
                .id("selectBackupStorages")
                .to("sql:classpath:sql/select-database-backup-user-tags.sql?outputHeader=" + USER_TAG_ROWS)
                .id("selectUserTags")
                .process("attachSyncSubjects").id("attachSyncSubjects");

        from("direct:loadBackupStorageRefs").routeId("loadBackupStorageRefs")
                .description("Read where the backup lies now")
                .errorHandler(noErrorHandler())
                .setBody(SQL_PARAMETERS).id("refsParameters")
                .to("sql:classpath:sql/select-database-backup-refs.sql?outputHeader=" + REF_ROWS).id("selectRefs")
                .process("attachBackupStorageRefs").id("attachRefs");

        // Across nodes the unique key on the ref is the lock: a node that loses the insert waits for the winner's
        // copy and looks again, until the destination is Ready (nothing to copy) or this sync holds the Creating ref.
        from("direct:reserveDestinationRef").routeId("reserveDestinationRef")
                .description("Insert the destination ref as Creating, or find it Ready; the unique key lets one sync win across nodes")
                .errorHandler(noErrorHandler())
                .loopDoWhile(CheckSourceHoldsBackup::destinationUnsettled).id("untilReservedOrReady")
                    .to("direct:loadBackupStorageRefs").id("loadRefs")
                    .process("checkSourceHoldsBackup").id("checkSourceHoldsBackup")
                    // Only a Creating ref costs a wait (and its polling queries); then the loop reads the refs again.
                    .filter(CheckSourceHoldsBackup::destinationBeingCopied).id("destinationBeingCopied?")
                        .process("awaitOtherNodesCopy").id("awaitOtherNodesCopy")
                    .end()
                    .filter(CheckSourceHoldsBackup::destinationFree).id("destinationFree?")
                        .doTry().id("tryToReserve")
                            .to("direct:insertCreatingRef").id("insertCreatingRefAndReservation")
                            .process("markReserved").id("markReserved")
                        .doCatch(DuplicateKeyException.class).id("reservedElsewhereOrStale")
                            .log("sync ${exchangeProperty.sync.requestId}: database backup ${exchangeProperty.sync.backupUuid} on backup storage ${exchangeProperty.sync.request.dstBackupStorageUuid} was reserved by another sync first, or a stale reservation record was in the way; looking again")
                            .id("logReservedElsewhere")
                            .setBody(SQL_PARAMETERS).id("staleReservationParameters")
                            .to("sql:classpath:sql/delete-stale-sync-reservation.sql").id("deleteStaleReservation")
                            // Handled here: the observer and the undo must not take it for this sync's failure.
                            .removeProperty(Exchange.EXCEPTION_CAUGHT).id("forgetHandledDuplicate")
                        .end()
                    .end()
                    // A Ready ref a verify run marked corrupt or missing: this sync takes it over and copies again.
                    .filter(CheckSourceHoldsBackup::destinationMarkedBad).id("destinationMarkedBad?")
                        .doTry().id("tryToTakeOver")
                            .to("direct:takeOverBadRef").id("takeOverBadRefAndReserve")
                            .filter(TakeOverBadCopy::tookOver).id("tookOver?")
                                .process("markReserved").id("markTakenOverReserved")
                            .endDoTry()
                        .doCatch(DuplicateKeyException.class).id("takenOverElsewhereOrStale")
                            .setBody(SQL_PARAMETERS).id("staleTakeOverParameters")
                            .to("sql:classpath:sql/delete-stale-sync-reservation.sql").id("deleteStaleTakeOverReservation")
                        .end()
                    .end()
                .end();

        // The bad copy's ref turns Creating under this sync (other syncs wait for it, the lease and recovery apply as
        // to any reservation); the new file replaces the bad one by the staged write's atomic rename.
        from("direct:takeOverBadRef").routeId("takeOverBadRef")
                .description("Turn a Ready ref marked bad into this sync's Creating ref and record the reservation, in one transaction")
                .errorHandler(noErrorHandler())
                .transacted("requiredTransaction").id("takeOverInOneTransaction")
                .setBody(SQL_PARAMETERS).id("takeOverParameters")
                .to("sql:classpath:sql/take-over-bad-ref.sql").id("takeOverBadRef")
                .filter(TakeOverBadCopy::updatedOneRef).id("refTakenOver?")
                    .process("recordReservation").id("recordTakeOverReservation")
                    .process("takeOverBadCopy").id("noteReplacingBadCopy")
                .end();

        // One transaction, so one durable commit, for the ref and the record that lets a restart undo it. Plain
        // inserts only: a delete or update of a missing key in the same transaction takes InnoDB gap locks, and
        // parallel reservations then deadlock on MariaDB.
        from("direct:insertCreatingRef").routeId("insertCreatingRef")
                .description("Insert the Creating ref and record which node and files hold it, in one transaction")
                .errorHandler(noErrorHandler())
                .transacted("requiredTransaction").id("reserveInOneTransaction")
                .setBody(SQL_PARAMETERS).id("reserveParameters")
                .to("sql:classpath:sql/insert-creating-ref.sql").id("insertCreatingRef")
                .process("recordReservation").id("recordReservation");

        from("direct:copyBackupFile").routeId("copyBackupFile")
                .description("Stream the file into a temporary name on the destination, verify it, rename it")
                .errorHandler(noErrorHandler())
                .process("prepareCopy").id("prepareCopy")
                .process("writeTemporaryFile").id("writeTemporaryFile")
                .process("verifyCopy").id("verifyCopy");

        from("direct:commitSync").routeId("commitSync")
                .description("Ready ref, backup lastOpDate, destination capacity and user tags in one transaction")
                .errorHandler(noErrorHandler())
                .transacted("requiredTransaction").id("inOneTransaction")
                .setBody(SQL_PARAMETERS).id("commitParameters")
                .to("sql:classpath:sql/mark-ref-ready.sql").id("markRefReady")
                .process("checkCommitted").id("checkRefWasReserved")
                .setBody(SQL_PARAMETERS).id("touchParameters")
                .to("sql:classpath:sql/touch-database-backup.sql").id("touchDatabaseBackup")
                .setBody(SQL_PARAMETERS).id("capacityParameters")
                .choice().id("replacedBadCopy?")
                    // The bad file's bytes were counted when it was first copied; its ref is good again.
                    .when(TakeOverBadCopy::replacing)
                        .to("sql:classpath:sql/mark-ref-repaired.sql").id("markRefRepaired")
                    .otherwise()
                        .to("sql:classpath:sql/consume-destination-capacity.sql").id("consumeDestinationCapacity")
                .end()
                .setBody(SQL_PARAMETERS).id("releaseParameters")
                .to("sql:classpath:sql/delete-sync-reservation.sql").id("releaseReservation")
                .split(simple("${exchangeProperty.sync.newUserTagRows}")).id("eachNewUserTag")
                    .to("sql:classpath:sql/insert-user-tag.sql").id("insertUserTag")
                .end();

        from("direct:loadInventory").routeId("loadInventory")
                .description("Read the backup and every ref for the answer")
                .errorHandler(noErrorHandler())
                .setBody(SQL_PARAMETERS).id("inventoryParameters")
                .to("sql:classpath:sql/select-database-backup.sql?outputType=SelectOne&outputHeader=" + BACKUP_ROW)
                .id("reselectDatabaseBackup")
                .to("direct:loadBackupStorageRefs").id("reloadRefs")
                .process("buildInventory").id("buildInventory");
    }
}
