package backupsync.storage.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MD5 of a file being written, computed on its host while it grows: one {@code md5sum} reads the file piece by
 * piece as the writer reports pieces acknowledged, so by the time the last write is acknowledged only the last piece
 * is left to hash. It reads the file back through the host's file system, as {@code md5sum FILE} after the write
 * would, and catches what went wrong on the link, in the SFTP server or on the way to the disk. POSIX sh, dd and
 * md5sum only; the piece boundaries are whole MiB so dd needs no byte-count extensions.
 */
final class GrowingFileMd5 implements AutoCloseable {
    /** Small enough that the last piece hashes in a blink, large enough that one dd per piece costs nothing. */
    static final long PIECE_BYTES = 16L << 20;
    private static final long MIB = 1L << 20;
    /** The host is told "upto N" (MiB) per piece, then "end": the rest of the file up to its end. */
    private static final String SCRIPT = "f=$1; at=0; while read -r upto; do"
            + " if [ \"$upto\" = end ]; then dd if=\"$f\" bs=1048576 skip=$at 2>/dev/null || echo \"cannot read $f\" >&2; exit; fi;"
            + " dd if=\"$f\" bs=1048576 skip=$at count=$((upto - at)) 2>/dev/null || echo \"cannot read $f\" >&2; at=$upto;"
            + " done | md5sum";
    /** The marker that names the command in the host's process list, and lets a test server recognise it. */
    static final String NAME = "backup-sync-md5";
    private static final Pattern MD5SUM_LINE = Pattern.compile("^\\\\?([0-9a-fA-F]{32}) ");

    private final SshConnections.Running running;
    private final OutputStream stdin;
    private long told;

    private GrowingFileMd5(SshConnections.Running running) {
        this.running = running;
        this.stdin = running.stdin();
    }

    static String command(String path) {
        return "sh -c " + ShellQuoting.singleQuoted(SCRIPT) + " " + NAME + " " + ShellQuoting.singleQuoted(path);
    }

    /** Null when the store's channels are all taken: the file is then hashed after the write. */
    static GrowingFileMd5 startIfFree(SshConnections connections, String path) throws IOException {
        SshConnections.Running running = connections.startIfFree(command(path));
        return running == null ? null : new GrowingFileMd5(running);
    }

    /** The writer reports how much of the file the server has written; each whole piece is handed to the host. */
    void acknowledged(long bytes) throws IOException {
        long pieces = bytes / PIECE_BYTES;
        if (pieces * PIECE_BYTES > told) {
            told = pieces * PIECE_BYTES;
            say(Long.toString(told / MIB));
        }
    }

    /** Every byte is written: the host hashes the rest of the file, while the caller fsyncs. */
    void allWritten() throws IOException {
        say("end");
    }

    /** The MD5 (lower-case hex) once the host has read the file to its end. */
    String md5(Duration timeout) throws IOException {
        String output = running.finish(timeout);
        String errors = running.errors();
        if (!errors.isEmpty()) {
            throw new IOException("md5sum on the host: " + errors);
        }
        Matcher md5 = MD5SUM_LINE.matcher(output);
        if (!md5.find()) {
            throw new IOException("md5sum on the host answered no checksum: '" + output.strip() + "'");
        }
        return md5.group(1).toLowerCase(Locale.ROOT);
    }

    private void say(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
    }

    /** Stops the command: on EOF its loop ends and the pipe closes behind it. */
    @Override
    public void close() {
        running.close();
    }
}
