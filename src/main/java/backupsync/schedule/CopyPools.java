package backupsync.schedule;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.builder.ThreadPoolProfileBuilder;

/**
 * One thread pool per policy, of the policy's maxParallelCopies, for its run's parallel split. Its queue is one
 * longer than the pool and a full queue makes the splitter wait: the streamed candidates are read only a few rows
 * ahead of the copies, never all at once, and never more copies run than the policy allows.
 * <p>
 * Why one longer: Camel's parallel split runs its own iteration as a task on this pool, submitting one candidate
 * and then itself again. With a queue only as long as the pool, a pool of one deadlocked at the second candidate:
 * its only thread, the iteration, waited for room that only it could make (ReplicationBatchTest).
 */
public class CopyPools {
    private static final RejectedExecutionHandler WAIT_FOR_ROOM = (task, pool) -> {
        if (pool.isShutdown()) {
            throw new RejectedExecutionException("the replication pool is shut down");
        }
        try {
            pool.getQueue().put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("interrupted while waiting for a free copy slot", e);
        }
    };

    private final CamelContext context;

    public CopyPools(CamelContext context) {
        this.context = context;
    }

    public ExecutorService forPolicy(ReplicationPolicy policy) {
        int size = policy.maxParallelCopies();
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder("replication-" + policy.uuid())
                .poolSize(size).maxPoolSize(size).maxQueueSize(size + 1).rejectedPolicy(ThreadPoolRejectedPolicy.Abort)
                .build();
        // Camel owns the pool: it is shut down with the context.
        ExecutorService pool = context.getExecutorServiceManager().newThreadPool(this, "replication-" + policy.name(), profile);
        ((ThreadPoolExecutor) pool).setRejectedExecutionHandler(WAIT_FOR_ROOM);
        return pool;
    }
}
