SELECT b.uuid, b.name, b.description, b.size, b.state, b.status, b.metadata, b.createDate, b.lastOpDate
FROM DatabaseBackupVO b
WHERE 1 = 1 /*where*/
/*orderBy*/
LIMIT :limit OFFSET :start
