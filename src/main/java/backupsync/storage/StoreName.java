package backupsync.storage;

import java.util.regex.Pattern;

/**
 * A file's name relative to its store's root: {@code <folder>/<file>}, both plain single segments, so a name can
 * never point outside the root lexically. Stores check what exists (symlinks) on top of this. What the pipeline,
 * recovery and the reservation records hold; never an absolute path, never a path of one store's host.
 */
public record StoreName(String folder, String file) {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,255}");

    public StoreName {
        if (!isPlainSegment(folder) || !isPlainSegment(file)) {
            throw new StoragePathException("'%s/%s' is not a store name: both parts must be plain names (letters, digits, '.', '_', '-'), not '..' or paths"
                    .formatted(folder, file));
        }
    }

    /** The file an installPath {@code zstore://<name>/<id>} names. */
    public static StoreName of(InstallPath installPath) {
        return new StoreName(installPath.name(), installPath.id());
    }

    /** Parses {@code folder/file} as {@link #toString} wrote it (a reservation record). */
    public static StoreName parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0) {
            throw new StoragePathException("'%s' is not a store name (<folder>/<file>)".formatted(text));
        }
        return new StoreName(text.substring(0, slash), text.substring(slash + 1));
    }

    /** Another file in the same folder. */
    public StoreName sibling(String otherFile) {
        return new StoreName(folder, otherFile);
    }

    static boolean isPlainSegment(String segment) {
        return segment != null && SEGMENT.matcher(segment).matches() && !segment.equals(".") && !segment.equals("..");
    }

    @Override
    public String toString() {
        return folder + "/" + file;
    }
}
