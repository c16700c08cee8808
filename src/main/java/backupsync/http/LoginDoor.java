package backupsync.http;

import java.util.LinkedHashMap;
import java.util.Map;

import backupsync.api.ApiException;
import backupsync.api.SessionInventory;
import backupsync.api.ZStackError;
import backupsync.api.ZStackJson;
import backupsync.auth.SessionService;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

/** {@code PUT /zstack/v1/accounts/login}: LogInByAccount, answered with ZStack's SessionInventory. */
public class LoginDoor {
    private final SessionService sessions;

    public LoginDoor(SessionService sessions) {
        this.sessions = sessions;
    }

    /** Step "logInByAccount". */
    public void logInByAccount(Exchange exchange) {
        HttpResponses.noteSchemaRequest(exchange);
        LoginRequest login = readLogin(RequestParts.jsonBody(exchange));
        SessionInventory session = sessions.logIn(login.accountName(), login.password());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("inventory", session);
        if (HttpResponses.wantsSchema(exchange)) {
            reply.put("schema", Map.of("inventory", SessionInventory.ZSTACK_CLASS));
        }
        HttpResponses.write(exchange, 200, reply);
    }

    /** What LogInByAccount's body asks for. */
    public record LoginRequest(String accountName, String password) {
    }

    /** Parses a LogInByAccount body: a LoginRequest with both fields, or an ApiException with its ErrorCode. */
    public static LoginRequest readLogin(String body) {
        JsonNode root = ZStackJson.readObject(body);
        JsonNode action = root.get("logInByAccount");
        if (action == null || !action.isObject()) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT,
                    "the body has no action key; expected {\"logInByAccount\": {\"accountName\": ..., \"password\": <SHA-512 hex>}}");
        }
        return new LoginRequest(mandatoryText(action, "accountName"), mandatoryText(action, "password"));
    }

    private static String mandatoryText(JsonNode action, String field) {
        JsonNode value = action.get(field);
        if (value == null || value.isNull()) {
            throw new ApiException(ZStackError.INVALID_ARGUMENT,
                    "field[%s] of message[APILogInByAccountMsg] is mandatory, can not be null".formatted(field));
        }
        if (!value.isTextual()) {
            throw ApiException.malformed(ZStackError.INVALID_ARGUMENT, "field[%s] must be a string".formatted(field));
        }
        return value.textValue();
    }
}
