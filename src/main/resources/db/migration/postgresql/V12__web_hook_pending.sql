-- A web hook owed: the node that finished the job and has not yet heard a 2xx (nor given up). A node that stops
-- or dies in between delivers it again at its next start, so the hook outlives the process (at least once).
ALTER TABLE AsyncRestVO ADD COLUMN webHookPendingOn VARCHAR(255);
