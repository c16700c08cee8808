package backupsync;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's property table is the operator's reference: it lists every key of config/application.properties with
 * the default that file really has, and no key the service does not read.
 */
class ReadmePropertiesTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| ([^|]*) \\| (.+) \\|$", Pattern.MULTILINE);

    @Test
    void theReadmeTableListsEveryPropertyWithItsDefault() throws IOException {
        Properties defaults = new Properties();
        defaults.load(new StringReader(Files.readString(Path.of("config", "application.properties"))));
        Map<String, String> table = new LinkedHashMap<>();
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme.lines()).as("no merge conflict left in the README")
                .noneMatch(line -> line.startsWith("<<<<<<<") || line.startsWith(">>>>>>>"));
        int section = readme.indexOf("\n## Properties");
        assertThat(section).as("the README's Properties section").isPositive();
        int next = readme.indexOf("\n## ", section + 1);
        Matcher row = ROW.matcher(readme.substring(section, next < 0 ? readme.length() : next));
        while (row.find()) {
            table.put(row.group(1), row.group(2).strip());
        }
        assertThat(table.keySet()).containsExactlyInAnyOrderElementsOf(defaults.stringPropertyNames());
        defaults.stringPropertyNames().forEach(key -> {
            String value = defaults.getProperty(key).strip();
            assertThat(table.get(key)).as(key).isEqualTo(value.isEmpty() ? "(empty)" : "`" + value + "`");
        });
        assertThat(table.values()).as("a meaning for every row").noneMatch(meaning -> meaning.contains("TODO"));
    }
}
