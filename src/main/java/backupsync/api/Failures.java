package backupsync.api;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLTransientException;

import backupsync.storage.StoragePathException;
import backupsync.storage.StoreFailureException;
import backupsync.storage.ssh.HostKeyMismatchException;
import backupsync.storage.ssh.SshStoreException;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;

/** The one place that turns a failure, expected or not, into a ZStack ErrorCode and an HTTP status. */
public final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    public record Failure(ErrorCode errorCode, int httpStatus, boolean transientFailure) {
    }

    public static Failure describe(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            Failure known = known(cause);
            if (known != null) {
                return known;
            }
        }
        LOG.error("unexpected failure", thrown);
        return failed(ZStackError.INTERNAL, "unexpected %s: %s".formatted(rootOf(thrown).getClass().getSimpleName(),
                rootOf(thrown).getMessage()), false);
    }

    private static Failure known(Throwable cause) {
        if (cause instanceof ApiException api) {
            return new Failure(api.errorCode(), api.httpStatus(), false);
        }
        if (cause instanceof StoragePathException path) {
            return failed(ZStackError.OPERATION_ERROR, path.getMessage(), false);
        }
        if (cause instanceof DuplicateKeyException) {
            return failed(ZStackError.OPERATION_ERROR,
                    "another operation on this database backup and backup storage is in progress; retry later", true);
        }
        if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
                || cause instanceof CannotAcquireLockException || cause instanceof QueryTimeoutException
                || cause instanceof SQLTransientException) {
            return failed(ZStackError.NOT_READY, "the database is unavailable: " + cause.getMessage(), true);
        }
        if (cause instanceof DataAccessException) {
            LOG.error("database failure", cause);
            return failed(ZStackError.INTERNAL, "database error: " + rootOf(cause).getMessage(), false);
        }
        if (cause instanceof StoreFailureException store) {
            return remoteStore("backup storage[uuid:%s] at %s: ".formatted(store.storeUuid(), store.location()), store);
        }
        if (cause instanceof SshStoreException ssh) {
            return remoteStore("", ssh);
        }
        if (cause instanceof NoSuchFileException missing) {
            return failed(ZStackError.IO_ERROR, "no such file or directory: " + missing.getFile(), true);
        }
        if (cause instanceof AccessDeniedException denied) {
            return failed(ZStackError.IO_ERROR, "permission denied: " + denied.getFile(), true);
        }
        if (cause instanceof FileSystemException fs) {
            return failed(ZStackError.IO_ERROR, describeIo(fs), true);
        }
        if (cause instanceof IOException io) {
            return failed(ZStackError.IO_ERROR, describeIo(io), true);
        }
        if (cause instanceof GenericFileOperationFailedException file) {
            Throwable root = rootOf(file);
            return failed(ZStackError.IO_ERROR, root instanceof IOException io ? describeIo(io) : file.getMessage(), true);
        }
        return null;
    }

    /**
     * A remote store failed: a changed host key refuses the store (BS.1500, both fingerprints named; not transient,
     * an admin must accept the key); anything else, a dead link or a refused login included, is an I/O error naming
     * the host. SshStoreException messages never hold the password.
     */
    private static Failure remoteStore(String store, Throwable thrown) {
        SshStoreException ssh = null;
        for (Throwable cause = thrown; cause != null && ssh == null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SshStoreException found) {
                ssh = found;
            }
        }
        if (ssh instanceof HostKeyMismatchException changed) {
            return failed(ZStackError.BACKUP_STORAGE_UNREACHABLE, store + changed.getMessage(), false);
        }
        String details = ssh != null ? ssh.getMessage() : String.valueOf(rootOf(thrown).getMessage());
        return failed(ZStackError.IO_ERROR, store + describeIo(new IOException(details)), true);
    }

    private static String describeIo(IOException io) {
        String message = String.valueOf(io.getMessage());
        if (message.contains("No space left on device")) {
            return "the destination is full: " + message;
        }
        return message;
    }

    private static Failure failed(ZStackError error, String details, boolean transientFailure) {
        return new Failure(error.withDetails(details), ApiException.FAILED_API, transientFailure);
    }

    private static Throwable rootOf(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
