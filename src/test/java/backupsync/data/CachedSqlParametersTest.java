package backupsync.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.ServiceRunner;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeExchangeException;
import org.apache.camel.component.sql.DefaultSqlPrepareStatementStrategy;
import org.apache.camel.component.sql.SqlEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cached strategy gives every SQL file of the routes the same statement and values as camel-sql's default. */
class CachedSqlParametersTest {
    private final DefaultSqlPrepareStatementStrategy camelDefault = new DefaultSqlPrepareStatementStrategy();
    private final CachedSqlParameters cached = new CachedSqlParameters();
    private final DefaultCamelContext context = new DefaultCamelContext();

    /** The SQL files the routes run through camel-sql, as camel-sql hands them over (its placeholder # is ?). */
    private static List<String> camelSqlQueries() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/sql"))) {
            List<String> queries = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                String text = Files.readString(file);
                if (text.contains(":#")) {
                    queries.add(text.replace('#', '?'));
                }
            }
            return queries;
        }
    }

    private static Map<String, Object> valueForEachName(String query) {
        Map<String, Object> body = new HashMap<>();
        Matcher name = Pattern.compile(":\\?(\\w+)").matcher(query);
        while (name.find()) {
            body.put(name.group(1), "value of " + name.group(1));
        }
        return body;
    }

    private static List<Object> values(Iterator<?> iterator) {
        List<Object> values = new ArrayList<>();
        iterator.forEachRemaining(values::add);
        return values;
    }

    @Test
    void everyRouteQueryGetsTheDefaultsStatementAndValues() throws Exception {
        List<String> queries = camelSqlQueries();
        assertThat(queries).hasSizeGreaterThan(10);
        for (String query : queries) {
            Map<String, Object> body = valueForEachName(query);
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody(body);
            String expected = camelDefault.prepareQuery(query, true, exchange);
            List<Object> expectedValues = values(camelDefault.createPopulateIterator(query, expected, body.size(), exchange, body));
            for (int time = 0; time < 2; time++) { // the second time from the cache
                assertThat(cached.prepareQuery(query, true, exchange)).as(query).isEqualTo(expected);
                assertThat(values(cached.createPopulateIterator(query, expected, body.size(), exchange, body)))
                        .as(query).isEqualTo(expectedValues).isNotEmpty();
            }
        }
    }

    @Test
    void aMissingParameterFailsAsTheDefaultDoes() throws Exception {
        String query = "UPDATE BackupStorageEO SET availableCapacity = availableCapacity - :?size WHERE uuid = :?dstBackupStorageUuid";
        Map<String, Object> body = Map.of("size", 4096L);
        Exchange exchange = new DefaultExchange(context);
        String prepared = cached.prepareQuery(query, true, exchange);
        assertThat(prepared).isEqualTo("UPDATE BackupStorageEO SET availableCapacity = availableCapacity - ? WHERE uuid = ?");

        Iterator<?> expected = camelDefault.createPopulateIterator(query, prepared, 2, exchange, body);
        Iterator<?> actual = cached.createPopulateIterator(query, prepared, 2, exchange, body);
        assertThat(actual.next()).isEqualTo(expected.next()).isEqualTo(4096L);
        String message = catchMessage(expected);
        assertThat(message).contains("dstBackupStorageUuid");
        assertThatThrownBy(actual::next).isInstanceOf(RuntimeExchangeException.class).hasMessage(message);
    }

    @Test
    void queryTextsThatKeepChangingStopBeingCached() throws Exception {
        Exchange exchange = new DefaultExchange(context);
        for (int i = 0; i < CachedSqlParameters.MAX_QUERIES + 100; i++) {
            String query = "SELECT " + i + " FROM DatabaseBackupVO WHERE uuid = :?uuid";
            Map<String, Object> body = Map.of("uuid", "u" + i);
            assertThat(cached.prepareQuery(query, true, exchange)).isEqualTo("SELECT " + i + " FROM DatabaseBackupVO WHERE uuid = ?");
            assertThat(values(cached.createPopulateIterator(query, "", 1, exchange, body))).containsExactly("u" + i);
        }
        assertThat(cached.cachedQueries()).isEqualTo(CachedSqlParameters.MAX_QUERIES);
    }

    @Test
    void inListsAndExpressionsAreLeftToTheDefault() throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader("ids", List.of("a", "b", "c"));
        String query = "SELECT * FROM DatabaseBackupVO WHERE uuid IN (:?in:ids)";
        assertThat(cached.prepareQuery(query, true, exchange)).isEqualTo("SELECT * FROM DatabaseBackupVO WHERE uuid IN (?,?,?)");
        exchange.getMessage().setHeader("ids", List.of("a"));
        assertThat(cached.prepareQuery(query, true, exchange)).isEqualTo("SELECT * FROM DatabaseBackupVO WHERE uuid IN (?)");
    }

    @Test
    void theServiceSyncsThroughIt(@TempDir Path tmp) throws Exception {
        Fixture fixture = new Fixture(tmp);
        String backup = fixture.backup("tenant1", 4096);
        try (ServiceRunner service = fixture.service().start()) {
            Http http = new Http(service.baseUrl());
            Http.Response synced = http.put("/zstack/v1/database-backups/" + backup + "/actions",
                    Http.sdkBody(fixture.primaryUuid, fixture.drUuid), Http.session(http.login("admin", Http.ADMIN_PASSWORD_SHA512)));
            assertThat(synced.status()).isEqualTo(200);
            List<SqlEndpoint> sqlEndpoints = service.camelContext().getEndpoints().stream()
                    .filter(SqlEndpoint.class::isInstance).map(SqlEndpoint.class::cast).toList();
            assertThat(sqlEndpoints).hasSizeGreaterThan(10);
            assertThat(sqlEndpoints).allSatisfy(endpoint ->
                    assertThat(endpoint.getPrepareStatementStrategy()).isInstanceOf(CachedSqlParameters.class));
            assertThat(((CachedSqlParameters) sqlEndpoints.get(0).getPrepareStatementStrategy()).cachedQueries())
                    .as("statements the sync ran").isGreaterThan(5);
        }
        assertThat(Files.readAllBytes(fixture.onDr(backup))).isEqualTo(Files.readAllBytes(fixture.onPrimary(backup)));
    }

    @Test
    void sqlEndpointsGetItWhenRegistered() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:cachedSqlParameters");
        context.getRegistry().bind("dataSource", dataSource);
        context.getCamelContextExtension().registerEndpointCallback(cached);
        SqlEndpoint endpoint = context.getEndpoint("sql:SELECT 1 WHERE 1 = :#one", SqlEndpoint.class);
        assertThat(endpoint.getPrepareStatementStrategy()).isSameAs(cached);
    }

    private static String catchMessage(Iterator<?> iterator) {
        try {
            iterator.next();
        } catch (RuntimeExchangeException e) {
            return e.getMessage();
        }
        throw new AssertionError("no exception");
    }
}
