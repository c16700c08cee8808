SELECT COUNT(*) FROM DatabaseBackupVO b WHERE 1 = 1 /*where*/
