-- Queue door: request messages already handled (camel-sql's JdbcMessageIdRepository); as db/migration/h2/V3.
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255) NOT NULL,
    messageId     VARCHAR(100) NOT NULL,
    createdAt     TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT pkCamelMessageProcessed PRIMARY KEY (processorName, messageId)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
