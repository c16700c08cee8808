package backupsync.storage;

/** A path that does not stay inside its store root; refused before any I/O. */
public class StoragePathException extends RuntimeException {
    public StoragePathException(String message) {
        super(message);
    }
}
