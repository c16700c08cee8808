-- Queue door: request messages already handled (camel-sql's JdbcMessageIdRepository, the table it expects).
-- Created here, not by the repository, so the schema has one owner. The key makes a concurrent second
-- record of the same message fail instead of adding a row.
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255) NOT NULL,
    messageId     VARCHAR(100) NOT NULL,
    createdAt     TIMESTAMP    NOT NULL,
    CONSTRAINT pkCamelMessageProcessed PRIMARY KEY (processorName, messageId)
);
