-- The inventory declares the store local again (no hostname): it is a directory on this node from now on.
DELETE FROM ImageStoreSshVO WHERE uuid = :uuid
