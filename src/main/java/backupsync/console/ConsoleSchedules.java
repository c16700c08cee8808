package backupsync.console;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import backupsync.auth.SessionService;
import backupsync.http.HttpResponses;
import backupsync.http.OAuthSession;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * When each policy fires next, read from the Quartz triggers themselves (the policy answers carry the cron text
 * only): admin only, as the policies are.
 */
public class ConsoleSchedules {
    private final SessionService sessions;
    private final CamelContext context;

    public ConsoleSchedules(SessionService sessions, CamelContext context) {
        this.sessions = sessions;
        this.context = context;
    }

    /** Step "listNextFireTimes": {@code {"nextFireTimes":{"<policy uuid>":"<date>"}}}, replication and verify. */
    public void listNextFireTimes(Exchange exchange) throws SchedulerException {
        sessions.authenticateAdmin(OAuthSession.sessionUuid(exchange.getMessage().getHeader("Authorization")),
                "Policy schedules are for admin only");
        Map<String, Date> next = new LinkedHashMap<>();
        Scheduler scheduler = context.getRegistry().lookupByNameAndType("quartzScheduler", Scheduler.class);
        if (scheduler != null) {
            for (String group : scheduler.getTriggerGroupNames()) {
                for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(group))) {
                    Trigger trigger = scheduler.getTrigger(key);
                    if (trigger != null && trigger.getNextFireTime() != null) {
                        next.merge(key.getName(), trigger.getNextFireTime(), (a, b) -> a.before(b) ? a : b);
                    }
                }
            }
        }
        HttpResponses.write(exchange, 200, Map.of("nextFireTimes", next));
    }
}
