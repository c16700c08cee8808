package backupsync.verify;

import java.util.Map;
import java.util.regex.Pattern;

import backupsync.auth.SessionService;
import backupsync.http.HttpResponses;
import backupsync.http.PolicyDoorRequests;
import backupsync.http.PolicyDoorRequests.RunPage;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

/** The verify REST doors (routes/verify-doors.yaml); admin only, as policies concern every backup. */
public class VerifyDoor {
    public static final String RUN_ACTION_KEY = "runVerifyPolicy";
    private static final Pattern POLICY_ACTIONS_PATH =
            Pattern.compile("^/zstack/v1/database-backups/verify-policies/([^/]+)/actions/?$");
    private static final Pattern RUN_PATH = Pattern.compile("^/zstack/v1/database-backups/verify-runs/([^/]+)/?$");

    private final PolicyDoorRequests requests;
    private final VerifyPolicies policies;
    private final VerifyReports reports;
    private final String nodeId;

    public VerifyDoor(SessionService sessions, VerifyPolicies policies, VerifyReports reports, String nodeId) {
        this.requests = new PolicyDoorRequests(sessions, "Verify policies and runs");
        this.policies = policies;
        this.reports = reports;
        this.nodeId = nodeId;
    }

    /** Step "listVerifyPolicies": 200 {"inventories": [policy...]}. */
    public void listVerifyPolicies(Exchange exchange) {
        requests.requireAdmin(exchange);
        HttpResponses.write(exchange, 200, Map.of("inventories", policies.all()));
    }

    /** Step "readVerifyRunRequest": {"runVerifyPolicy": {}} or {"runVerifyPolicy": {"dryRun": true}}. */
    public void readRunRequest(Exchange exchange) {
        requests.requireAdmin(exchange);
        JsonNode action = PolicyDoorRequests.action(exchange, RUN_ACTION_KEY);
        exchange.setProperty(ClaimVerifyRun.DRY_RUN, PolicyDoorRequests.dryRun(action));
        exchange.setProperty(ClaimVerifyRun.POLICY_UUID, PolicyDoorRequests.uuidIn(exchange, POLICY_ACTIONS_PATH));
        exchange.setProperty(ClaimVerifyRun.TRIGGERED_BY, VerifyRun.BY_API);
        exchange.getMessage().setBody(null);
    }

    /**
     * Step "answerVerifyRun": a real run answers at once, 200 {"inventory": run} (Running) while it goes on in the
     * background; a dry run has already run and answers its whole listing, which was never stored.
     */
    public void answerRun(Exchange exchange) {
        VerifyRun run = exchange.getProperty(VerifyRun.PROPERTY, VerifyRun.class);
        HttpResponses.write(exchange, 200, Map.of("inventory",
                run.isDryRun() ? VerifyRunInventory.ofDryRun(run, nodeId) : reports.run(run.getRunUuid())));
    }

    /** Step "listVerifyRuns": ?policyUuid=&limit=&start=, newest first. */
    public void listVerifyRuns(Exchange exchange) {
        requests.requireAdmin(exchange);
        RunPage page = PolicyDoorRequests.runPage(exchange);
        HttpResponses.write(exchange, 200, Map.of("inventories", reports.runs(page.policyUuid(), page.limit(), page.start())));
    }

    /** Step "getVerifyRun": one report with every finding. */
    public void getVerifyRun(Exchange exchange) {
        requests.requireAdmin(exchange);
        HttpResponses.write(exchange, 200, Map.of("inventory", reports.run(PolicyDoorRequests.uuidIn(exchange, RUN_PATH))));
    }
}
