package backupsync.schedule;

import backupsync.api.Uuids;

/**
 * This service instance as the cluster sees it: a fresh id per start (also its Quartz instance id, so Quartz's
 * check-ins are its heartbeat) and the scheduler name every node shares (Quartz's SCHED_NAME).
 */
public record ClusterNode(String nodeId, String schedulerName, long checkinIntervalMs) {
    /** Quartz itself waits this long past a missed check-in before it calls a node dead. */
    private static final long QUARTZ_GRACE_MS = 7500;

    public static ClusterNode start(String schedulerName, long checkinIntervalMs) {
        return new ClusterNode(Uuids.random(), schedulerName, checkinIntervalMs);
    }

    /** A node that checked in after this instant (epoch ms, Quartz's unit) is alive. */
    public long aliveSinceMillis(long nowMillis) {
        return nowMillis - 2 * checkinIntervalMs - QUARTZ_GRACE_MS;
    }
}
