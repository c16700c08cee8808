package backupsync.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Builds the Quartz scheduler camel-quartz uses: JDBC job store, clustered, on our own DataSource, so that each
 * fire time of a trigger runs on exactly one node of those sharing the database.
 */
public final class ClusteredScheduler {
    private ClusteredScheduler() {
    }

    public static Scheduler create(ClusterNode node, DataSource dataSource, String driverDelegateClass, int threadCount)
            throws SchedulerException {
        // Named per node: DBConnectionManager is one per JVM, and tests run two nodes in one JVM.
        String dataSourceName = "backupSync-" + node.nodeId();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new PooledConnections(dataSource));

        Properties quartz = new Properties();
        quartz.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, node.schedulerName());
        quartz.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, node.nodeId());
        quartz.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threadCount));
        quartz.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, JobStoreTX.class.getName());
        quartz.setProperty("org.quartz.jobStore.driverDelegateClass", driverDelegateClass);
        quartz.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        quartz.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        quartz.setProperty("org.quartz.jobStore.isClustered", "true");
        quartz.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(node.checkinIntervalMs()));
        Scheduler scheduler = new StdSchedulerFactory(quartz).getScheduler();
        // Quartz hands out one scheduler per name and JVM; every node must have its own under the shared name.
        SchedulerRepository.getInstance().remove(node.schedulerName());
        return scheduler;
    }

    /** Quartz borrows connections from our HikariCP pool; the pool's owner closes it. */
    private record PooledConnections(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public void initialize() {
        }
    }
}
