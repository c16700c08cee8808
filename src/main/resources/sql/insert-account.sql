INSERT INTO AccountVO (uuid, name, password, type, state, lastOpDate, createDate)
VALUES (:uuid, :name, :password, :type, 'Enabled', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
