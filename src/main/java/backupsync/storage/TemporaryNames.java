package backupsync.storage;

/**
 * How every kind of store names a staged write's temporary file: {@code .<file>.<requestId>.part} beside its target,
 * hidden from listings and unique to its request, so that recovery and a resume can find what a request left.
 */
public final class TemporaryNames {
    public static final String SUFFIX = ".part";

    private TemporaryNames() {
    }

    public static StoreName of(StoreName target, String requestId) {
        return target.sibling("." + target.file() + "." + requestId + SUFFIX);
    }

    /** True for a name {@link #of} gives {@code target} for some request. */
    public static boolean isOf(StoreName target, StoreName name) {
        return name.folder().equals(target.folder()) && isOf(target, name.file());
    }

    /** True for a file name in the target's folder that {@link #of} gives it for some request. */
    public static boolean isOf(StoreName target, String fileName) {
        String prefix = "." + target.file() + ".";
        return fileName.startsWith(prefix) && fileName.endsWith(SUFFIX) && fileName.length() > prefix.length() + SUFFIX.length();
    }
}
