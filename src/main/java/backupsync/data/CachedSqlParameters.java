package backupsync.data;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeExchangeException;
import org.apache.camel.component.sql.DefaultSqlEndpoint;
import org.apache.camel.component.sql.DefaultSqlPrepareStatementStrategy;
import org.apache.camel.component.sql.SqlHelper;
import org.apache.camel.spi.EndpointStrategy;

/**
 * camel-sql's default strategy finds a query's named parameters with regular expressions at every execution, twice
 * (once to put {@code ?} in their place, once to read them in order): ~4 % of a sync's CPU, for SQL files that never
 * change. This one does both once per query text. A query whose IN list or expression parameters depend on the
 * exchange goes to the default every time.
 */
public class CachedSqlParameters extends DefaultSqlPrepareStatementStrategy implements EndpointStrategy {
    /** camel-sql has already turned {@code :#name} into {@code :?name}. */
    private static final Pattern NAMED_PARAMETER = Pattern.compile(":\\?(\\w+)");
    // camel-sql's own message for a missing parameter (private there); the test holds the two equal.
    private static final String MISSING_PARAMETER
            = "Cannot find key [%s] in message body or headers to use when setting named parameter in query [%s]";
    /** One entry per SQL file; a query text that varied per message (a query header) must not grow this forever. */
    static final int MAX_QUERIES = 1024;
    private final Map<String, Parsed> parsedQueries = new ConcurrentHashMap<>();

    /** A query with {@code ?} in place of its named parameters, and their names in order. */
    private record Parsed(String prepared, List<String> names) {
    }

    /** Every camel-sql endpoint without a strategy of its own gets this one as it is registered. */
    @Override
    public Endpoint registerEndpoint(String uri, Endpoint endpoint) {
        if (endpoint instanceof DefaultSqlEndpoint sql && sql.getPrepareStatementStrategy() == null) {
            sql.setPrepareStatementStrategy(this);
        }
        return endpoint;
    }

    /**
     * The query parsed once; null, so camel-sql's default parses it as it always did, for one whose IN list or
     * expression parameters depend on the exchange, and for any new query once the cache is full.
     */
    private Parsed parsed(String query) throws SQLException {
        Parsed known = parsedQueries.get(query);
        if (known != null || parsedQueries.size() >= MAX_QUERIES || query.contains(":?in:") || query.contains(":?$")) {
            return known;
        }
        Parsed parsed = new Parsed(super.prepareQuery(query, true, null), namesIn(query));
        parsedQueries.put(query, parsed);
        return parsed;
    }

    @Override
    public String prepareQuery(String query, boolean allowNamedParameters, Exchange exchange) throws SQLException {
        Parsed parsed = allowNamedParameters ? parsed(query) : null;
        return parsed == null ? super.prepareQuery(query, allowNamedParameters, exchange) : parsed.prepared();
    }

    @Override
    public Iterator<?> createPopulateIterator(String query, String preparedQuery, int expectedParams, Exchange exchange,
                                              Object value) throws SQLException {
        Parsed parsed = parsed(query);
        if (parsed == null || parsed.names().isEmpty()) {
            return super.createPopulateIterator(query, preparedQuery, expectedParams, exchange, value);
        }
        Iterator<String> nextName = parsed.names().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return nextName.hasNext();
            }

            @Override
            public Object next() {
                String name = nextName.next();
                if (!SqlHelper.hasParameter(name, exchange, value)) {
                    throw new RuntimeExchangeException(MISSING_PARAMETER.formatted(name, query), exchange);
                }
                return SqlHelper.lookupParameter(name, exchange, value);
            }
        };
    }

    int cachedQueries() {
        return parsedQueries.size();
    }

    private static List<String> namesIn(String query) {
        List<String> names = new ArrayList<>();
        Matcher matcher = NAMED_PARAMETER.matcher(query);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return List.copyOf(names);
    }
}
