package backupsync.http;

import backupsync.api.ApiException;
import backupsync.api.ZStackError;

/** Reads {@code Authorization: OAuth <sessionUuid>}; anything else is a malformed request (400), as in ZStack. */
public final class OAuthSession {
    private OAuthSession() {
    }

    public static String sessionUuid(Object authorization) {
        if (authorization == null || authorization.toString().isBlank()) {
            throw ApiException.malformed(ZStackError.INVALID_SESSION,
                    "missing header 'Authorization'; send 'Authorization: OAuth <sessionUuid>' (log in with PUT /zstack/v1/accounts/login)");
        }
        String value = authorization.toString().strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("OAuth")) {
            throw ApiException.malformed(ZStackError.INVALID_SESSION,
                    "the Authorization header must be of type OAuth: 'Authorization: OAuth <sessionUuid>'");
        }
        return value.substring(space + 1).strip();
    }
}
