package backupsync.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Comparator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The real OpenSSH server, started by a test on a free loopback port with its own configuration, a freshly generated
 * host key and client key, and stopped after it; never the system's sshd. Root logs in by key; the password user
 * ({@link #PASSWORD_USER}, made by scripts/test-setup.sh) has the random password that script keeps for it.
 */
public final class OpenSshServer implements AutoCloseable {
    public static final Path SSHD = Path.of("/usr/sbin/sshd");
    public static final String PASSWORD_USER = "backupsync-test";
    private static final String SETUP_HINT = "; run scripts/test-setup.sh as root (CI does) to install openssh-server and add the test user";

    private final Path dir;
    private final int port;
    private final String hostKeyFingerprint;
    private final Path clientKey;
    private final String password;
    private Process sshd;

    private OpenSshServer(Path dir, int port, String hostKeyFingerprint, Path clientKey, String password) {
        this.dir = dir;
        this.port = port;
        this.hostKeyFingerprint = hostKeyFingerprint;
        this.clientKey = clientKey;
        this.password = password;
    }

    /** Starts sshd with everything it needs under a new directory of its own. */
    /** Where scripts/test-setup.sh keeps {@link #PASSWORD_USER}'s password (root only). */
    static final Path PASSWORD_FILE = Path.of(System.getenv().getOrDefault("BACKUPSYNC_TEST_SSH_PASSWORD_FILE",
            "/root/.backupsync-test-ssh-password"));

    /**
     * The password user's password, as the set-up script set it once for this machine: every test JVM reads it, none
     * changes it, so servers started by parallel builds keep working.
     */
    private static String passwordOfThisRun() throws IOException {
        if (!Files.isReadable(PASSWORD_FILE)) {
            throw new IllegalStateException("no " + PASSWORD_FILE + SETUP_HINT);
        }
        return Files.readString(PASSWORD_FILE).strip();
    }

    public static OpenSshServer start() throws IOException, InterruptedException {
        if (!Files.isExecutable(SSHD)) {
            throw new IllegalStateException(SSHD + " is missing" + SETUP_HINT);
        }
        if (run(List.of("getent", "passwd", PASSWORD_USER)).isEmpty()) {
            throw new IllegalStateException("the user " + PASSWORD_USER + " is missing" + SETUP_HINT);
        }
        // A tmpfs directory on most hosts: gone after a reboot, and sshd refuses to start without it.
        Files.createDirectories(Path.of("/run/sshd"));
        // Readable by the password user, so its store roots below can be reached.
        Path dir = Files.createTempDirectory("backupsync-sshd-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path hostKey = dir.resolve("host_key");
        Path clientKey = dir.resolve("client_key");
        run(List.of("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "backup-sync test host", "-f", hostKey.toString()));
        run(List.of("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "backup-sync test client", "-f", clientKey.toString()));
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        String fingerprint = run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", hostKey + ".pub")).split(" ")[1];

        String password = passwordOfThisRun();

        int port = ServiceRunner.freePort();
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PubkeyAuthentication yes",
                "PasswordAuthentication yes",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                // PAM would ask for its own conversation and session setup; sshd checks /etc/shadow itself without it.
                "UsePAM no",
                "StrictModes no",
                "AllowUsers root " + PASSWORD_USER,
                "Subsystem sftp internal-sftp",
                // An empty home: the machine's own ~/.bashrc stays out of every exec (root's here runs pyenv, whose
                // rehash lock, left stale by a test that kills sshd, held each command for 60 s).
                "SetEnv HOME=" + Files.createDirectories(dir.resolve("home")),
                "LogLevel VERBOSE",
                ""));
        OpenSshServer server = new OpenSshServer(dir, port, fingerprint, clientKey, password);
        server.launch();
        return server;
    }

    private void launch() throws IOException, InterruptedException {
        sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()))
                .start();
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!sshd.isAlive()) {
                    throw new IllegalStateException("sshd exited with " + sshd.exitValue() + ": " + log());
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                    return true;
                } catch (IOException notYet) {
                    return false;
                }
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException("sshd did not listen on port " + port + ": " + log(), e);
        }
    }

    /** Starts sshd again on the same port and keys, after {@link #kill}. */
    public void restart() throws IOException, InterruptedException {
        launch();
    }

    public int port() {
        return port;
    }

    /** The host key's fingerprint as {@code ssh-keygen -l -E sha256} prints it. */
    public String hostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    /** The private key root's authorized_keys accepts. */
    public Path clientKey() {
        return clientKey;
    }

    /** {@link #PASSWORD_USER}'s password for this run. */
    public String password() {
        return password;
    }

    /** What sshd logged so far. */
    public String log() throws IOException {
        Path log = dir.resolve("sshd.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** A new empty directory the given local user owns, as a store root. */
    public Path newRoot(String owner) throws IOException {
        Path root = Files.createTempDirectory(dir, "root-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        UserPrincipal user = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(owner);
        Files.setOwner(root, user);
        return root;
    }

    /** SIGKILLs sshd and every connection it forked: to a client the server is gone at once. */
    public void kill() throws InterruptedException {
        if (sshd != null) {
            List<ProcessHandle> children = sshd.descendants().toList();
            sshd.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            sshd.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        return runWithInput(command, null);
    }

    private static String runWithInput(List<String> command, String input) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        if (command.get(0).equals("getent") && status != 0) {
            return "";
        }
        if (status != 0) {
            // chpasswd's input holds the password: name the command only.
            throw new IOException(command.get(0) + " exited with " + status + ": " + (input == null ? output : "(output not shown)"));
        }
        return output.strip();
    }
}
