-- SyncReservationVO holds only the syncs copying right now (a row lives from reserve to commit), so a node's
-- start-up scan by nodeId reads a handful of rows without an index. The index cost every sync two more B-tree
-- writes (insert at reserve, delete at commit), in both of its durable commits.
DROP INDEX idxSyncReservationVONodeId;
