SELECT uuid, name, password, type, state FROM AccountVO WHERE name = :name
