package backupsync.rpc;

import backupsync.auth.SessionService;
import backupsync.jobs.SyncJobCleanup;
import org.apache.camel.spi.Registry;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * ZStack's RPC door (routes/rpc-doors.yaml): the beans that read its envelope, turn each message into the REST
 * request of the same API, and render the answers and result polls. Bound after the jobs' beans: a result poll
 * expires with the jobs ({@code backupsync.jobs.expire-after}).
 */
public final class RpcConfiguration {
    private RpcConfiguration() {
    }

    public static void bind(Registry registry, SessionService sessions, NamedParameterJdbcTemplate jdbc) {
        SyncJobCleanup cleanup = registry.lookupByNameAndType("syncJobCleanup", SyncJobCleanup.class);
        registry.bind("rpcEnvelope", new RpcEnvelope());
        registry.bind("rpcRequests", new RpcRequests(sessions));
        registry.bind("rpcAnswers", new RpcAnswers());
        registry.bind("rpcResults", new RpcResults(jdbc, cleanup::expiredBefore));
    }
}
