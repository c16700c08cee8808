package backupsync.http;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import backupsync.auth.SessionService;
import org.apache.camel.Exchange;

/** {@code DELETE /zstack/v1/accounts/sessions/{sessionUuid}}: ZStack's LogOut, answered {@code {}}. */
public class LogOutDoor {
    private static final Pattern PATH = Pattern.compile("/zstack/v1/accounts/sessions/([^/]+)");
    private final SessionService sessions;

    public LogOutDoor(SessionService sessions) {
        this.sessions = sessions;
    }

    /** Step "logOut": like ZStack's APILogOutMsg, it needs no session and succeeds for one already gone. */
    public void logOut(Exchange exchange) {
        Matcher matcher = PATH.matcher(String.valueOf(RequestParts.path(exchange)));
        if (matcher.matches()) {
            sessions.logOut(matcher.group(1));
        }
        HttpResponses.write(exchange, 200, Map.of());
    }
}
