package backupsync.storage;

import java.util.regex.Pattern;

/**
 * {@code zstore://<name>/<id>}: the file {@code <root>/<name>/<id>} of an image store. Both parts are single,
 * plain path segments, so an installPath can never point outside its store.
 */
public record InstallPath(String name, String id) {
    private static final String SCHEME = "zstore://";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

    public static InstallPath parse(String installPath) {
        if (installPath == null || !installPath.startsWith(SCHEME)) {
            throw new StoragePathException("installPath[%s] is not of the form zstore://<name>/<id>".formatted(installPath));
        }
        String rest = installPath.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new StoragePathException("installPath[%s] has no <id> part (zstore://<name>/<id>)".formatted(installPath));
        }
        String name = rest.substring(0, slash);
        String id = rest.substring(slash + 1);
        if (!isPlainSegment(name) || !isPlainSegment(id)) {
            throw new StoragePathException(
                    "installPath[%s] escapes its store root: <name> and <id> must be plain names (letters, digits, '.', '_', '-'), not '..' or paths"
                            .formatted(installPath));
        }
        return new InstallPath(name, id);
    }

    private static boolean isPlainSegment(String segment) {
        return SEGMENT.matcher(segment).matches() && !segment.equals(".") && !segment.equals("..");
    }
}
