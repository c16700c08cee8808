package backupsync.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * The commands SshStore runs over exec, for {@link FaultySshServer}: {@code md5sum -- '<path>'} (computed here on
 * the served directory, as coreutils prints it), {@code sync -- '<path>'}, and the hashing of a growing file (the
 * {@code sh -c '...' backup-sync-md5 '<path>'} script: here it waits for the writer's "end" on stdin, then hashes the
 * file as it lies). Anything else exits 127.
 */
final class FaultyCommand implements Command {
    private final Path directory;
    private static final String GROWING_FILE_MD5 = " backup-sync-md5 ";
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    FaultyCommand(Path directory, String command) {
        this.directory = directory;
        this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        new Thread(this::run, "faulty-command").start();
    }

    private void run() {
        int status;
        try {
            if (command.startsWith("md5sum -- ")) {
                String path = unquote(command.substring("md5sum -- ".length()));
                out.write((md5(directory.resolve(path.substring(1))) + "  " + path + "\n").getBytes(StandardCharsets.UTF_8));
                status = 0;
            } else if (command.startsWith("sh -c ") && command.contains(GROWING_FILE_MD5)) {
                String path = unquote(command.substring(command.lastIndexOf(GROWING_FILE_MD5) + GROWING_FILE_MD5.length()));
                if (awaitEnd()) {
                    out.write((md5(directory.resolve(path.substring(1))) + "  -\n").getBytes(StandardCharsets.UTF_8));
                }
                status = 0;
            } else if (command.startsWith("sync -- ")) {
                status = 0;
            } else {
                err.write(("unknown command: " + command + "\n").getBytes(StandardCharsets.UTF_8));
                status = 127;
            }
            out.flush();
            err.flush();
        } catch (IOException | NoSuchAlgorithmException e) {
            status = 1;
        }
        exit.onExit(status);
    }

    /** Reads the writer's lines up to "end" (true) or EOF (false: the write was given up). */
    private boolean awaitEnd() throws IOException {
        java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.US_ASCII));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.equals("end")) {
                return true;
            }
        }
        return false;
    }

    /** The inverse of ShellQuoting.singleQuoted: 'a'\''b' is a'b. */
    private static String unquote(String quoted) {
        return quoted.strip().replace("'\\''", "'").replaceAll("^'|'$", "");
    }

    private static String md5(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("MD5");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void destroy(ChannelSession channel) {
    }
}
