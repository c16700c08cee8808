package backupsync.schedule;

import java.util.Map;
import java.util.regex.Pattern;

import backupsync.auth.SessionService;
import backupsync.http.HttpResponses;
import backupsync.http.PolicyDoorRequests;
import backupsync.http.PolicyDoorRequests.RunPage;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

/** The replication REST doors (routes/replication-doors.yaml); admin only, as policies concern every backup. */
public class ReplicationDoor {
    public static final String RUN_ACTION_KEY = "runReplicationPolicy";
    private static final Pattern POLICY_ACTIONS_PATH =
            Pattern.compile("^/zstack/v1/database-backups/replication-policies/([^/]+)/actions/?$");
    private static final Pattern RUN_PATH = Pattern.compile("^/zstack/v1/database-backups/replication-runs/([^/]+)/?$");

    private final PolicyDoorRequests requests;
    private final ReplicationPolicies policies;
    private final ReplicationReports reports;
    private final ReplicationRpo rpo;

    public ReplicationDoor(SessionService sessions, ReplicationPolicies policies, ReplicationReports reports,
                           ReplicationRpo rpo) {
        this.requests = new PolicyDoorRequests(sessions, "Replication policies and runs");
        this.reports = reports;
        this.policies = policies;
        this.rpo = rpo;
    }

    /** Step "listReplicationPolicies": 200 {"inventories": [policy...]}, each with its RPO measured now. */
    public void listReplicationPolicies(Exchange exchange) {
        requests.requireAdmin(exchange);
        HttpResponses.write(exchange, 200, Map.of("inventories", policies.all().stream().map(rpo::withRpo).toList()));
    }

    /** Step "readRunRequest": {"runReplicationPolicy": {}} or {"runReplicationPolicy": {"dryRun": true}}. */
    public void readRunRequest(Exchange exchange) {
        requests.requireAdmin(exchange);
        JsonNode action = PolicyDoorRequests.action(exchange, RUN_ACTION_KEY);
        exchange.setProperty(ReplicationDryRun.DRY_RUN, PolicyDoorRequests.dryRun(action));
        exchange.setProperty(ClaimReplicationRun.POLICY_UUID, PolicyDoorRequests.uuidIn(exchange, POLICY_ACTIONS_PATH));
        exchange.setProperty(ClaimReplicationRun.TRIGGERED_BY, ReplicationRun.BY_API);
        exchange.getMessage().setBody(null);
    }

    /**
     * Step "answerRunStarted": 200 {"inventory": run} while the run goes on in the background; a dry run answers what
     * it would copy (never stored).
     */
    public void answerRunStarted(Exchange exchange) {
        Object dryRun = exchange.getProperty(ReplicationDryRun.RESULT);
        if (dryRun != null) {
            HttpResponses.write(exchange, 200, Map.of("inventory", dryRun));
            return;
        }
        ReplicationRun run = exchange.getProperty(ReplicationRun.PROPERTY, ReplicationRun.class);
        HttpResponses.write(exchange, 200, Map.of("inventory", reports.run(run.getRunUuid())));
    }

    /** Step "listReplicationRuns": ?policyUuid=&limit=&start=, newest first. */
    public void listReplicationRuns(Exchange exchange) {
        requests.requireAdmin(exchange);
        RunPage page = PolicyDoorRequests.runPage(exchange);
        HttpResponses.write(exchange, 200, Map.of("inventories", reports.runs(page.policyUuid(), page.limit(), page.start())));
    }

    /** Step "getReplicationRun": one report with every failed copy and its ErrorCode. */
    public void getReplicationRun(Exchange exchange) {
        requests.requireAdmin(exchange);
        HttpResponses.write(exchange, 200, Map.of("inventory", reports.run(PolicyDoorRequests.uuidIn(exchange, RUN_PATH))));
    }
}
