package backupsync.data;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.spring.spi.SpringTransactionPolicy;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The database feature: the pool (closed after the routes stop), the schema brought to the current version (the first
 * thing done with it, since every later step reads it), the transaction manager and policy the routes name, and
 * camel-sql's parsed-query cache.
 */
public final class DatabaseConfiguration {
    /** The bound settings, for the routes of this feature. */
    public static final String SETTINGS = "databaseSettings";

    private DatabaseConfiguration() {
    }

    /** What the other features use. */
    public record DatabaseBeans(HikariDataSource dataSource, NamedParameterJdbcTemplate jdbc,
                                JdbcTransactionManager transactions) {
    }

    public static DatabaseBeans open(CamelContext context, DatabaseSettings settings) throws Exception {
        HikariDataSource dataSource = Database.openOrExplain(settings.url(), settings.username(), settings.password(),
                settings.poolSize(), settings.connectionTimeoutMs());
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    dataSource.close();
                }
            });
            Database.migrate(dataSource, settings.vendor(), settings.migrate());
            Registry registry = context.getRegistry();
            registry.bind(SETTINGS, settings);
            registry.bind("dataSource", dataSource);
            context.getCamelContextExtension().registerEndpointCallback(new CachedSqlParameters());
            JdbcTransactionManager transactions = new JdbcTransactionManager(dataSource);
            registry.bind("transactionManager", transactions);
            SpringTransactionPolicy required = new SpringTransactionPolicy(transactions);
            required.setPropagationBehaviorName("PROPAGATION_REQUIRED");
            registry.bind("requiredTransaction", required);
            return new DatabaseBeans(dataSource, new NamedParameterJdbcTemplate(dataSource), transactions);
        } catch (Exception | Error failure) {
            dataSource.close();
            throw failure;
        }
    }
}
