package backupsync.console;

import backupsync.auth.SessionService;
import org.apache.camel.CamelContext;

/** The operator console (routes/console-doors.yaml): its files and the one answer the API has no door for. */
public final class ConsoleConfiguration {
    private ConsoleConfiguration() {
    }

    public static void bind(CamelContext context, SessionService sessions) {
        context.getRegistry().bind("consoleAssets", new ConsoleAssets());
        context.getRegistry().bind("consoleSchedules", new ConsoleSchedules(sessions, context));
    }
}
