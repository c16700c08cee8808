package backupsync.rpc;

import java.util.Date;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One call through the RPC door (exchange property {@value #PROPERTY}): which message, its fields, the session it
 * carries (null when none), when it came in, and for a job the uuid the caller polls.
 */
public record RpcCall(RpcMessage message, ObjectNode fields, String sessionUuid, Date createdDate, String jobUuid) {
    public static final String PROPERTY = "rpcCall";
}
