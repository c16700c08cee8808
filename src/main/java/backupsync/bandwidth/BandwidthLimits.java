package backupsync.bandwidth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import backupsync.data.SqlFiles;

/**
 * The bandwidth limits of this node: its own (from {@code backupsync.copy.bandwidth}, or set through the API), and
 * those of destination stores and replication policies set through the API ({@code BandwidthLimitVO}). One
 * {@link Bandwidth} per scope, kept for the node's life, so copies under way keep theirs while a refresh changes
 * its timetable.
 */
public final class BandwidthLimits {
    public static final String NODE = "node";
    public static final String BACKUP_STORAGE = "backup-storage";
    public static final String REPLICATION_POLICY = "replication-policy";
    public static final List<String> SCOPES = List.of(NODE, BACKUP_STORAGE, REPLICATION_POLICY);

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final String nodeId;
    private final Timetable nodeDefault;
    private final Clock clock;
    private final Map<String, Bandwidth> limits = new ConcurrentHashMap<>();
    private final Bandwidth node;
    /** Told of each scope's Bandwidth once, when it first appears (metrics). */
    private final List<Consumer<Bandwidth>> listeners = new ArrayList<>();

    public BandwidthLimits(NamedParameterJdbcTemplate jdbc, TransactionTemplate transaction, String nodeId,
                           Timetable nodeDefault, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.nodeId = nodeId;
        this.nodeDefault = nodeDefault;
        this.clock = clock;
        this.node = new Bandwidth(NODE, nodeId, nodeDefault, clock);
        limits.put(NODE + "/" + nodeId, node);
    }

    public synchronized void onNewLimit(Consumer<Bandwidth> listener) {
        listeners.add(listener);
        limits.values().forEach(listener);
    }

    /** The limits a copy to {@code destinationUuid} (for {@code policyUuid}, null outside a replication run) obeys. */
    public List<Bandwidth> forCopy(String destinationUuid, String policyUuid) {
        List<Bandwidth> applying = new ArrayList<>(3);
        applying.add(node);
        Bandwidth store = limits.get(BACKUP_STORAGE + "/" + destinationUuid);
        if (store != null) {
            applying.add(store);
        }
        Bandwidth policy = policyUuid == null ? null : limits.get(REPLICATION_POLICY + "/" + policyUuid);
        if (policy != null) {
            applying.add(policy);
        }
        return applying;
    }

    /** Every limit known here, node first. */
    public List<Bandwidth> all() {
        List<Bandwidth> all = new ArrayList<>(limits.values());
        all.sort(Comparator.comparing((Bandwidth b) -> SCOPES.indexOf(b.scope())).thenComparing(Bandwidth::key));
        return all;
    }

    /** Records a limit for every node to read, and applies it here at once. */
    public Bandwidth set(String scope, String key, Timetable timetable) {
        Map<String, Object> row = Map.of("scope", scope, "scopeKey", key, "timetable", timetable.text());
        transaction.executeWithoutResult(status -> {
            jdbc.update(SqlFiles.load("delete-bandwidth-limit"), row);
            jdbc.update(SqlFiles.load("insert-bandwidth-limit"), row);
        });
        refresh();
        return limits.get(scope + "/" + key);
    }

    /** Reads the table: what another node set reaches this one's copies at their next read. */
    public synchronized void refresh() {
        Map<String, Timetable> recorded = new HashMap<>();
        for (Map<String, Object> row : jdbc.queryForList(SqlFiles.load("select-bandwidth-limits"), Map.of())) {
            Map<String, Object> columns = new org.springframework.util.LinkedCaseInsensitiveMap<>();
            columns.putAll(row);
            String scope = (String) columns.get("scope");
            String key = (String) columns.get("scopeKey");
            if (NODE.equals(scope) && !nodeId.equals(key)) {
                continue;
            }
            try {
                recorded.put(scope + "/" + key, Timetable.parse((String) columns.get("timetable")));
            } catch (IllegalArgumentException unreadable) {
                // Checked when set; a row written by hand that does not parse leaves the limit as it was.
            }
        }
        node.setTimetable(recorded.getOrDefault(NODE + "/" + nodeId, nodeDefault));
        recorded.forEach((id, timetable) -> {
            if (!id.startsWith(NODE + "/")) {
                Bandwidth existing = limits.get(id);
                if (existing != null) {
                    existing.setTimetable(timetable);
                } else {
                    int slash = id.indexOf('/');
                    Bandwidth added = new Bandwidth(id.substring(0, slash), id.substring(slash + 1), timetable, clock);
                    limits.put(id, added);
                    listeners.forEach(listener -> listener.accept(added));
                }
            }
        });
        // A row removed by hand: no limit any more (the Bandwidth stays, for copies that hold it and for metrics).
        limits.forEach((id, limit) -> {
            if (!id.startsWith(NODE + "/") && !recorded.containsKey(id)) {
                limit.setTimetable(Timetable.OFF);
            }
        });
    }
}
