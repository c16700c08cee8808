UPDATE AccountVO SET name = :name, password = :password, type = :type, lastOpDate = CURRENT_TIMESTAMP
WHERE uuid = :uuid
