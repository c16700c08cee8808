package backupsync;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.ServiceRunner;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a request writes at info and above: a sync, one line (its own sync line: INFO when it succeeded, WARN with the
 * ErrorCode when it failed); a request that never became a sync, the error path's line.
 */
class RequestLogLinesTest {
    @TempDir
    Path tmp;

    @Test
    void aSyncWritesOneLineWarnWhenItFailedAndAFailedLoginWritesTheErrorPathsLine() throws Exception {
        StringWriter logs = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        WriterAppender capture = WriterAppender.newBuilder().setName("request-log-lines").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c %msg%n").build()).build();
        capture.start();
        context.getConfiguration().addAppender(capture);
        context.getRootLogger().addAppender(capture);
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("admin", 4096);
        String unknownBackup = "0123456789abcdef0123456789abcdef";
        String code;
        try (ServiceRunner service = fixture.service().start()) {
            Http http = new Http(service.baseUrl());
            String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
            assertThat(http.put("/zstack/v1/database-backups/" + backup + "/actions",
                    Http.sdkBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin)).status()).isEqualTo(200);
            Http.Response rejected = http.put("/zstack/v1/database-backups/" + unknownBackup + "/actions",
                    Http.sdkBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin));
            code = rejected.json().get("error").get("code").asText();
            Http.Response badLogin = http.put("/zstack/v1/accounts/login",
                    "{\"logInByAccount\":{\"accountName\":\"admin\",\"password\":\"wrong\"}}", Map.of());
            assertThat(badLogin.status()).isGreaterThanOrEqualTo(400);
        } finally {
            context.getRootLogger().removeAppender(capture);
            capture.stop();
        }
        List<String> info = Arrays.stream(logs.toString().split("\n"))
                .filter(line -> line.startsWith("INFO ") || line.startsWith("WARN ") || line.startsWith("ERROR ")).toList();
        assertThat(info.stream().filter(line -> line.contains(backup)))
                .as("lines at info and above naming the synced backup")
                .singleElement().asString().startsWith("INFO backupsync.sync ").contains("outcome=copied");
        assertThat(info.stream().filter(line -> line.contains(unknownBackup)))
                .as("lines at info and above naming the rejected sync's backup")
                .singleElement().asString().startsWith("WARN backupsync.sync ").contains("outcome=failed", code);
        assertThat(info.stream().filter(line -> line.startsWith("INFO backupsync.http.FailureResponder ")
                && line.contains("/accounts/login failed:"))).as("the failed login's line").hasSize(1);
    }

    @Test
    void theUndoSaysItRemovedATemporaryFileOnlyWhenOneWasWritten() throws Exception {
        StringWriter logs = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        WriterAppender capture = WriterAppender.newBuilder().setName("undo-log-lines").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c %msg%n").build()).build();
        capture.start();
        context.getConfiguration().addAppender(capture);
        context.getRootLogger().addAppender(capture);
        Fixture fixture = new Fixture(tmp);
        String emptied = fixture.backup("admin", 4096);
        String altered = fixture.backup("admin", 4096);
        try (ServiceRunner service = fixture.service().start()) {
            Http http = new Http(service.baseUrl());
            String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
            // After the inventory recorded size and md5: one file now yields no byte, the other the wrong ones.
            Files.write(fixture.onPrimary(emptied), new byte[0]);
            Fixture.writeRandomFile(fixture.onPrimary(altered), 4096, 99);
            for (String backup : List.of(emptied, altered)) {
                Http.Response failed = http.put("/zstack/v1/database-backups/" + backup + "/actions",
                        Http.sdkBody(fixture.primaryUuid, fixture.drUuid), Http.session(admin));
                assertThat(failed.status()).as(failed.toString()).isEqualTo(503);
            }
        } finally {
            context.getRootLogger().removeAppender(capture);
            capture.stop();
        }
        List<String> removed = Arrays.stream(logs.toString().split("\n"))
                .filter(line -> line.contains("removed temporary file")).toList();
        assertThat(removed).as("the copy that wrote bytes removed its temporary file; the one that wrote none had none")
                .singleElement().asString().contains("." + altered + ".");
        assertThat(Fixture.filesUnder(fixture.dr)).noneMatch(f -> f.getFileName().toString().endsWith(".part"));
    }
}
