-- Bandwidth limits set through the API (docs/bandwidth.md): scope 'node' (scopeKey: a node id), 'backup-storage'
-- or 'replication-policy' (scopeKey: its uuid), and the timetable in rclone's --bwlimit form. Every node reads the
-- table every few seconds, so a change reaches copies under way on any node. Not a ZStack table.
CREATE TABLE BandwidthLimitVO (
    scope      VARCHAR(32)   NOT NULL,
    scopeKey   VARCHAR(128)  NOT NULL,
    timetable  VARCHAR(1024) NOT NULL,
    lastOpDate TIMESTAMP     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (scope, scopeKey)
);
