package backupsync;

/**
 * A known reason the node cannot run (a port another process holds, a database already open, a bad setting), said
 * in one line that names the cause and what to change. {@link Application} prints that line and exits non-zero; the
 * stack trace goes to the log at debug only, since the operator's fix is in the message, not in the trace.
 */
public class StartupFailure extends RuntimeException {

    public StartupFailure(String oneLine) {
        super(oneLine, null, false, false);
    }

    public StartupFailure(String oneLine, Throwable cause) {
        super(oneLine, cause, false, false);
    }

    /** The first StartupFailure in the cause chain of {@code failure}, or null. */
    public static StartupFailure in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StartupFailure known) {
                return known;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
