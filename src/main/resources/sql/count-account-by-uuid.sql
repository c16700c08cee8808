SELECT COUNT(*) FROM AccountVO WHERE uuid = :uuid
