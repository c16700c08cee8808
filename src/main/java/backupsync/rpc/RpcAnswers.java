package backupsync.rpc;

import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import backupsync.api.ZStackError;
import backupsync.api.ZStackJson;
import backupsync.http.HttpResponses;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

/**
 * ZStack's RestAPIResponse from the REST answer of the same call: {@code {"uuid", "state": "Processing",
 * "createdDate"}} for a job just accepted, else {@code {"state": "Done", "createdDate", "finishedDate", "result"}}
 * whose {@code result} is the API reply or event as a JSON text keyed by its class name, with {@code success} and
 * either the answer's own fields ({@code inventory}, {@code inventories}, {@code total}) or {@code error}. The HTTP
 * status is always 200, as ZStack's: the outcome is inside the result.
 */
public class RpcAnswers {
    static final String PROCESSING = "Processing";
    static final String DONE = "Done";
    /**
     * Failures of ZStack's checks before the operation (session, arguments, existence, ownership, the message
     * itself): its API mediator answers them with the generic APIReply / APIEvent, not the message's own class.
     */
    private static final Set<String> CHECK_FAILURES = Set.of(ZStackError.INVALID_SESSION.code(),
            ZStackError.PERMISSION_DENIED.code(), ZStackError.INVALID_ARGUMENT.code(),
            ZStackError.RESOURCE_NOT_FOUND.code(), ZStackError.UNKNOWN_MESSAGE.code());

    /** Steps "writeRpcAnswer" and "writeRpcFailure". */
    public void write(Exchange exchange) {
        RpcCall call = RpcRequests.call(exchange);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        Map<String, Object> response = new LinkedHashMap<>();
        Date created = call != null ? call.createdDate() : new Date();
        if (call != null && call.message().isJob() && status != null && status == 202) {
            response.put("uuid", call.jobUuid());
            response.put("state", PROCESSING);
            response.put("createdDate", created);
        } else {
            response.put("state", DONE);
            response.put("createdDate", created);
            response.put("finishedDate", new Date());
            response.put("result", result(call == null ? null : call.message(), status == null ? 200 : status, body));
        }
        HttpResponses.write(exchange, 200, response);
    }

    /** The reply or event, as ZStack stores it in {@code result}: one JSON text keyed by the answer's class name. */
    static String result(RpcMessage message, int restStatus, String restBody) {
        JsonNode answer = parse(restBody);
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        String className;
        if (restStatus == 200 && answer instanceof ObjectNode fields && !fields.has("error")) {
            className = message == null ? RpcMessage.GENERIC_REPLY : message.answerClassName();
            for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                // The SDK's schema map has no place in an RPC answer: the client knows the class from the key.
                if (!field.getKey().equals("schema")) {
                    content.set(field.getKey(), field.getValue());
                }
            }
            content.put("success", true);
        } else {
            JsonNode error = answer == null ? null : answer.get("error");
            if (error == null) {
                error = ZStackJson.mapper().valueToTree(ZStackError.INTERNAL.withDetails("the answer could not be read"));
            }
            String code = error.path("code").asText();
            className = message == null ? RpcMessage.GENERIC_REPLY
                    : CHECK_FAILURES.contains(code) ? message.genericAnswerClassName() : message.answerClassName();
            content.put("success", false);
            content.set("error", error);
        }
        ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
        wrapped.set(className, content);
        return ZStackJson.write(wrapped);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return ZStackJson.mapper().readTree(body);
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }
}
