package backupsync;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import backupsync.api.Uuids;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static backupsync.support.Inventories.refOn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command lines of the packaged jar (target/backup-sync.jar), run as an operator runs them: the service's
 * --help and its refusal of unknown options, and SendSyncRequest's usage, stdout and exit statuses against the
 * embedded broker of a service running here.
 */
class CommandLineIT {
    @TempDir
    static Path tmp;
    static Fixture fixture;
    static ServiceRunner service;
    static String backup;

    @BeforeAll
    static void start() throws Exception {
        fixture = new Fixture(tmp);
        backup = fixture.backup("admin", 64 * 1024);
        service = fixture.service().start();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void helpPrintsBackupSyncsOwnUsage() throws Exception {
        Run help = Run.jar("--help");

        assertThat(help.status).as(help.toString()).isZero();
        assertThat(help.out).contains("usage: java [-Dkey=value ...] -jar backup-sync.jar", "camel.server.port",
                "backupsync.inventory-file", "backupsync.data-dir", "postgresql", "mariadb", "rabbitmq", "README.md");
        assertThat(help.out).as("not Camel Main's generic options").doesNotContain("Apache Camel Runner", "-duration");
    }

    @Test
    void anUnknownOptionIsRefusedWithTheUsageOnStderr() throws Exception {
        Run unknown = Run.jar("--propertiesLocation", "file:/etc/x.properties");
        assertThat(unknown.status).as(unknown.toString()).isEqualTo(64);
        assertThat(unknown.err).contains("unknown option --propertiesLocation", "usage: java");
        assertThat(unknown.out).isEmpty();

        Run property = Run.jar("-Dcamel.server.port=" + ServiceRunner.freePort());
        assertThat(property.status).as(property.toString()).isEqualTo(64);
        assertThat(property.err).contains("a property goes before -jar");

        Run typo = Run.jar("--hepl");
        assertThat(typo.status).as("a typo is no clean stop: " + typo).isEqualTo(64);
    }

    @Test
    void senderHelpGoesToStdout() throws Exception {
        Run help = Run.sender("--help");

        assertThat(help.status).as(help.toString()).isZero();
        assertThat(help.out).contains("usage: java -cp backup-sync.jar backupsync.queue.SendSyncRequest", "exit status",
                "3   not sent");
        assertThat(Run.sender("--bogus").status).isEqualTo(64);
    }

    @Test
    void senderStdoutIsTheAnswerAloneAndTheStatusSaysWhichKind() throws Exception {
        String port = Integer.toString(service.brokerPort());

        Run answered = Run.sender("--port", port, backup, fixture.primaryUuid, fixture.drUuid);
        assertThat(answered.status).as(answered.toString()).isZero();
        JsonNode inventory = Http.JSON.readTree(answered.out).get("inventory");
        assertThat(refOn(inventory, fixture.drUuid).get("status").asText()).isEqualTo("Ready");
        assertThat(Files.mismatch(fixture.onPrimary(backup), fixture.onDr(backup))).isEqualTo(-1L);
        assertThat(answered.err).as("the sender's own line goes to stderr").contains("sent ");

        Run error = Run.sender("--port", port, Uuids.random(), fixture.primaryUuid, fixture.drUuid);
        assertThat(error.status).as(error.toString()).isEqualTo(1);
        assertThat(Http.JSON.readTree(error.out).get("error").get("code").asText()).isEqualTo("SYS.1003");
    }

    @Test
    void senderWithoutAnAnswerInTimeExitsTwo() throws Exception {
        // A queue no consumer reads: the broker takes the request, nobody answers.
        Run unanswered = Run.sender("--port", Integer.toString(service.brokerPort()), "--queue", "backupsync.nobody.reads",
                "--timeout", "1", backup, fixture.primaryUuid, fixture.drUuid);

        assertThat(unanswered.status).as(unanswered.toString()).isEqualTo(2);
        assertThat(unanswered.out).isEmpty();
        assertThat(unanswered.err).contains("stays queued");
    }

    @Test
    void senderToAClosedPortExitsThree() throws Exception {
        Run notSent = Run.sender("--port", Integer.toString(ServiceRunner.freePort()), backup, fixture.primaryUuid,
                fixture.drUuid);

        assertThat(notSent.status).as(notSent.toString()).isEqualTo(3);
        assertThat(notSent.out).as("nothing but an answer on stdout, and there is none").isEmpty();
        assertThat(notSent.err).contains("not sent");
    }

    /** One run of the packaged jar in its own JVM; stdout and stderr kept apart. */
    private record Run(int status, String out, String err) {
        static Run jar(String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(java(), "-jar", jarPath()));
            command.addAll(List.of(args));
            return run(command);
        }

        static Run sender(String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(java(), "-cp", jarPath(), "backupsync.queue.SendSyncRequest"));
            command.addAll(List.of(args));
            return run(command);
        }

        private static Run run(List<String> command) throws Exception {
            File out = Files.createTempFile(tmp, "out", ".txt").toFile();
            File err = Files.createTempFile(tmp, "err", ".txt").toFile();
            Process process = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("still running: " + command);
            }
            return new Run(process.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
        }

        private static String java() {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }

        private static String jarPath() {
            return Path.of("target", "backup-sync.jar").toAbsolutePath().toString();
        }

        @Override
        public String toString() {
            return "exit " + status + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }
}
