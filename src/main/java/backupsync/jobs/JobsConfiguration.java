package backupsync.jobs;

import java.util.concurrent.ScheduledExecutorService;

import backupsync.auth.SessionService;
import backupsync.config.StartupWork;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** ZStack's async job protocol (X-Job-UUID, routes/job-doors.yaml): the job store, its threads, timers and web hooks. */
public final class JobsConfiguration {
    private JobsConfiguration() {
    }

    public static void bind(CamelContext context, JobSettings settings, NamedParameterJdbcTemplate jdbc,
                            SessionService sessions, String nodeId, int httpPort, StartupWork work) throws Exception {
        Registry registry = context.getRegistry();
        SyncJobStore jobStore = new SyncJobStore(jdbc, nodeId);
        int threads = settings.poolSize();
        // Bounded threads, unbounded queue: a queued job is already recorded, and its X-API-Timeout bounds its wait.
        registry.bind("syncJobPool", context.getExecutorServiceManager().newThreadPool(JobsConfiguration.class, "syncJobs",
                new ThreadPoolProfileBuilder("syncJobs").poolSize(threads).maxPoolSize(threads).maxQueueSize(-1).build()));
        ScheduledExecutorService jobScheduler = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(JobsConfiguration.class, "syncJobTimers");
        WebHooks webHooks = new WebHooks(jobStore, jobScheduler, settings.webHookAttempts(), settings.webHookBackoffMs(),
                settings.webHookTimeoutMs());
        // Camel ended this pool only after the context had stopped, and web hook retries ran on meanwhile (one
        // landed after the node was gone, then the next start sent it again). Timers and retries end with the
        // service; a hook still owed is sent at the next start.
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                context.getExecutorServiceManager().shutdownNow(jobScheduler);
            }
        });
        SyncJobResults jobResults = new SyncJobResults(jobStore, webHooks);
        SyncJobCleanup jobCleanup = new SyncJobCleanup(jobStore, jobResults, settings.expireAfterSeconds());
        // The web hooks this node still owed are sent again; then the jobs it left Processing, which died with the
        // previous process, are failed (finishing them sends their hooks).
        work.add("send the web hooks still owed", jobCleanup::resendOwedWebHooks);
        work.add("fail the jobs the last run left processing", jobCleanup::failJobsLeftByPreviousRun);
        registry.bind("syncJobDoor", new SyncJobDoor(jobStore, settings.defaultApiTimeoutMs(), httpPort));
        registry.bind("syncJobTimeouts", new SyncJobTimeouts(jobScheduler, jobResults));
        registry.bind("checkJobStillWanted", new CheckJobStillWanted());
        registry.bind("syncJobResults", jobResults);
        registry.bind("syncJobPolls", new SyncJobPolls(jobStore, sessions, jobCleanup));
        registry.bind("syncJobCleanup", jobCleanup);
    }
}
