package backupsync.storage.ssh;

/** Quotes one argument for a POSIX shell: the remote host's login shell parses exec commands. */
final class ShellQuoting {
    private ShellQuoting() {
    }

    /** {@code 'text'}, each {@code '} written as {@code '\''}: inside single quotes nothing else is special. */
    static String singleQuoted(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell argument cannot hold a NUL byte");
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
