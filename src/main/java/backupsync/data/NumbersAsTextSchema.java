package backupsync.data;

import java.util.Map;

import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * SnakeYAML's default schema, except that plain scalars which look like numbers stay text. A ZStack uuid is 32 hex
 * characters; about one random uuid in a million is digits around a single 'e', which YAML reads as a float
 * ({@code 41...e12...} as 4.1E40, or Infinity). So about one inventory of 20,000 backups in sixty failed start-up
 * with "uuid 'Infinity' is not a ZStack uuid" (a bench's did). The loader parses its own numbers.
 */
final class NumbersAsTextSchema implements Schema {
    private final Schema standard = LoadSettings.builder().build().getSchema();

    @Override
    public ScalarResolver getScalarResolver() {
        ScalarResolver resolver = standard.getScalarResolver();
        return (value, implicit) -> {
            Tag tag = resolver.resolve(value, implicit);
            return Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) ? Tag.STR : tag;
        };
    }

    @Override
    public Map<Tag, ConstructNode> getSchemaTagConstructors() {
        return standard.getSchemaTagConstructors();
    }
}
