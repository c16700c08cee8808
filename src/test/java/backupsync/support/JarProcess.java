package backupsync.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The packaged service (target/backup-sync.jar) in its own JVM, as an operator starts it: what it prints and how
 * it exits are what is tested. Stdout and stderr go to files of their own under the given directory.
 */
public final class JarProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private JarProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts the jar with {@code -Dkey=value} for each property, then the arguments. */
    public static JarProcess start(Path logDir, String logName, Map<String, String> properties, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(Path.of("target", "backup-sync.jar").toAbsolutePath().toString());
        command.addAll(List.of(args));
        Files.createDirectories(logDir);
        Path out = logDir.resolve(logName + ".out");
        Path err = logDir.resolve(logName + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new JarProcess(process, out, err);
    }

    /** Waits until {@code /observe/health/ready} answers 200 on {@code port}; fails if the process exits first. */
    public JarProcess awaitReady(int port) {
        Http http = new Http("http://127.0.0.1:" + port);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + ": " + stderr() + stdout());
            }
            try {
                return http.get("/observe/health/ready", Map.of()).status() == 200;
            } catch (AssertionError notListeningYet) {
                return false;
            }
        });
        return this;
    }

    /** The exit code, waiting at most {@code timeout}; fails when the process is still running then. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the service still runs after " + timeout + "; its output: " + stdout());
        }
        return process.exitValue();
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, and waits for the exit. */
    public int stop() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
