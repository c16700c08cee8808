package backupsync.data;

/** A bad inventory file: the message names the entry and the problem, and start-up stops. */
public class InventoryException extends RuntimeException {
    public InventoryException(String message) {
        super(message);
    }

    public InventoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
