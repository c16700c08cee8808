-- The job's web hook answered 2xx, or every attempt failed: nothing is owed any more.
UPDATE AsyncRestVO SET webHookPendingOn = NULL WHERE uuid = :uuid
