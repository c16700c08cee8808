package backupsync.queue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import backupsync.api.SyncRequest;
import backupsync.api.ZStackJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

/**
 * Command-line sender for the queue door: sends one sync request and prints the answer (docs/queue.md). Only the
 * answer goes to stdout; everything else, logging included, to stderr. Exit status: see {@link #USAGE_TEXT}.
 */
public final class SendSyncRequest {
    static final int OK = 0;
    static final int ERROR_ANSWER = 1;
    static final int NO_ANSWER = 2;
    static final int NOT_SENT = 3;
    static final int USAGE = 64;
    /** Log4j reads it at its first use: the service's own file logs to stdout. */
    static final String LOG_CONFIGURATION = "log4j2-cli.properties";

    static final String USAGE_TEXT = """
            usage: java -cp backup-sync.jar backupsync.queue.SendSyncRequest [options] BACKUP_UUID SRC_BS_UUID DST_BS_UUID
                   java -cp backup-sync.jar backupsync.queue.SendSyncRequest [options] --body-file REQUEST.json
              --broker-type artemis|rabbitmq   default artemis (the service's embedded broker is an Artemis)
              --host HOST --port PORT          default 127.0.0.1 and 61616 (5672 for rabbitmq)
              --url tcp://HOST:PORT            Artemis URL instead of host and port
              --user USER                      password from the environment: BACKUPSYNC_BROKER_PASSWORD
              --virtual-host VHOST             rabbitmq only, default /
              --queue NAME                     default backupsync.sync.requests
              --session SESSION_UUID           act as this session's account; without it the service acts as itself
              --job JOB_UUID                   the request's identity: sent again with the same JOB_UUID, nothing runs twice
              --body-file FILE                 send this JSON as it is (e.g. the "request" of a dead-letter record)
              --timeout SECONDS                how long to wait for the answer, default 300
              --no-reply                       send and exit without waiting for an answer
              --help                           print this and exit
            stdout carries only the answer, one JSON object: {"inventory": ...} or {"error": {"code": ...}}.
            exit status:
              0   sent and answered with the inventory (with --no-reply: sent)
              1   sent and answered with an error (the ErrorCode is on stdout)
              2   sent, but no answer within --timeout: the request stays queued and will still run
              3   not sent: the broker cannot be reached or refused the connection
              64  bad usage
            """;

    private SendSyncRequest() {
    }

    public static void main(String... args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIGURATION);
        }
        System.exit(run(args, System.out, System.err, System.getenv("BACKUPSYNC_BROKER_PASSWORD")));
    }

    static int run(String[] args, PrintStream out, PrintStream err, String password) {
        Map<String, String> broker = new HashMap<>();
        broker.put("backupsync.broker.type", "artemis");
        broker.put("backupsync.broker.password", password);
        String queue = "backupsync.sync.requests";
        String session = null;
        String job = null;
        Path bodyFile = null;
        long timeoutMs = 300_000;
        boolean waitForReply = true;
        List<String> positional = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--help", "-h" -> {
                        out.print(USAGE_TEXT);
                        return OK;
                    }
                    case "--broker-type" -> broker.put("backupsync.broker.type", args[++i]);
                    case "--host" -> broker.put("backupsync.broker.host", args[++i]);
                    case "--port" -> broker.put("backupsync.broker.port", args[++i]);
                    case "--url" -> broker.put("backupsync.broker.url", args[++i]);
                    case "--user" -> broker.put("backupsync.broker.username", args[++i]);
                    case "--virtual-host" -> broker.put("backupsync.broker.virtual-host", args[++i]);
                    case "--queue" -> queue = args[++i];
                    case "--session" -> session = args[++i];
                    case "--job" -> job = args[++i];
                    case "--body-file" -> bodyFile = Path.of(args[++i]);
                    case "--timeout" -> timeoutMs = Long.parseLong(args[++i]) * 1000;
                    case "--no-reply" -> waitForReply = false;
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        positional.add(args[i]);
                    }
                }
            }
            if (bodyFile == null ? positional.size() != 3 : !positional.isEmpty()) {
                throw new IllegalArgumentException("give BACKUP_UUID SRC_BS_UUID DST_BS_UUID, or --body-file");
            }
            String body = bodyFile != null ? Files.readString(bodyFile) : requestBody(positional);
            BrokerSettings settings = BrokerSettings.from(broker::get);
            return send(settings, queue, body, session, job, waitForReply ? timeoutMs : 0, out, err);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | IOException e) {
            err.println(e.getMessage() == null ? "missing value after the last option" : e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        }
    }

    private static boolean answeredWithInventory(String answer) {
        try {
            return ZStackJson.mapper().readTree(answer).has("inventory");
        } catch (JsonProcessingException notJson) {
            return false;
        }
    }

    /** The SDK's body shape, with the backup uuid inside the action object. */
    private static String requestBody(List<String> uuids) {
        ObjectNode root = ZStackJson.mapper().createObjectNode();
        ObjectNode action = root.putObject(SyncRequest.ACTION_KEY);
        action.put(QueueSyncDoor.UUID_PROPERTY, uuids.get(0));
        action.put("srcBackupStorageUuid", uuids.get(1));
        action.put("dstBackupStorageUuid", uuids.get(2));
        return root.toString();
    }

    private static int send(BrokerSettings settings, String queue, String body, String sessionUuid, String job,
                            long timeoutMs, PrintStream out, PrintStream err) {
        boolean sent = false;
        try (Connection connection = BrokerConnections.connectionFactory(settings).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage request = session.createTextMessage(body);
            if (sessionUuid != null) {
                request.setStringProperty(QueueSyncDoor.SESSION_PROPERTY, sessionUuid);
            }
            if (job != null) {
                request.setStringProperty(QueueSyncDoor.JOB_UUID_IDENTIFIER_PROPERTY, job);
            }
            TemporaryQueue replies = timeoutMs > 0 ? session.createTemporaryQueue() : null;
            request.setJMSReplyTo(replies);
            try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
                producer.send(request);
            }
            sent = true;
            err.println("sent " + request.getJMSMessageID() + " to " + queue + " on " + settings);
            if (replies == null) {
                return OK;
            }
            try (MessageConsumer consumer = session.createConsumer(replies)) {
                Message reply = consumer.receive(timeoutMs);
                if (!(reply instanceof TextMessage text)) {
                    err.println("no answer within " + timeoutMs / 1000 + " s; the request stays queued and will still run");
                    return NO_ANSWER;
                }
                out.println(text.getText());
                return answeredWithInventory(text.getText()) ? OK : ERROR_ANSWER;
            }
        } catch (JMSException e) {
            if (!sent) {
                err.println("not sent: cannot reach the broker " + settings + ": " + e.getMessage());
                return NOT_SENT;
            }
            err.println("sent, but the connection failed before the answer came: " + e.getMessage()
                    + "; the request stays queued and will still run");
            return NO_ANSWER;
        }
    }
}
