package backupsync.rpc;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The messages the RPC door answers, by ZStack's Java class names, with the class of their answer. ZStack answers a
 * sync call message (login, queries) at once with its reply; any other message is accepted, runs as a job, and its
 * event is read from the result poll. The database backup classes live in ZStack's closed modules: their package is
 * the one ZStack's public role definitions and inventory class map name, their names follow ZStack's rule
 * {@code API<Action>Msg} / {@code API<Action>Event} / {@code API<Query>Reply}.
 */
public enum RpcMessage {
    LOG_IN_BY_ACCOUNT("org.zstack.header.identity.APILogInByAccountMsg",
            "org.zstack.header.identity.APILogInReply", false),
    LOG_OUT("org.zstack.header.identity.APILogOutMsg", "org.zstack.header.identity.APILogOutReply", false),
    QUERY_DATABASE_BACKUP("org.zstack.header.storage.database.backup.APIQueryDatabaseBackupMsg",
            "org.zstack.header.storage.database.backup.APIQueryDatabaseBackupReply", false),
    SYNC_DATABASE_BACKUP("org.zstack.header.storage.database.backup.APISyncDatabaseBackupFromImageStoreBackupStorageMsg",
            "org.zstack.header.storage.database.backup.APISyncDatabaseBackupFromImageStoreBackupStorageEvent", true),
    ADD_IMAGE_STORE_BACKUP_STORAGE("org.zstack.storage.backup.imagestore.APIAddImageStoreBackupStorageMsg",
            "org.zstack.storage.backup.imagestore.APIAddImageStoreBackupStorageEvent", true),
    QUERY_BACKUP_STORAGE("org.zstack.header.storage.backup.APIQueryBackupStorageMsg",
            "org.zstack.header.storage.backup.APIQueryBackupStorageReply", false),
    QUERY_IMAGE_STORE_BACKUP_STORAGE("org.zstack.storage.backup.imagestore.APIQueryImageStoreBackupStorageMsg",
            "org.zstack.storage.backup.imagestore.APIQueryImageStoreBackupStorageReply", false);

    /** What ZStack's API mediator answers when a check before the operation fails: the generic classes. */
    public static final String GENERIC_REPLY = "org.zstack.header.message.APIReply";
    public static final String GENERIC_EVENT = "org.zstack.header.message.APIEvent";

    private final String className;
    private final String answerClassName;
    private final boolean job;

    RpcMessage(String className, String answerClassName, boolean job) {
        this.className = className;
        this.answerClassName = answerClassName;
        this.job = job;
    }

    public String className() {
        return className;
    }

    public String answerClassName() {
        return answerClassName;
    }

    /** True for a message that runs as a job (answered Processing, then polled); false for a sync call. */
    public boolean isJob() {
        return job;
    }

    public String genericAnswerClassName() {
        return job ? GENERIC_EVENT : GENERIC_REPLY;
    }

    public static Optional<RpcMessage> byClassName(String className) {
        return Arrays.stream(values()).filter(m -> m.className.equals(className)).findFirst();
    }

    public static List<String> classNames() {
        return Arrays.stream(values()).map(RpcMessage::className).toList();
    }
}
