package backupsync.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import backupsync.api.Uuids;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The inventory YAML, read and checked before anything is written: a missing or empty file, a section or a key this
 * service does not know stops start-up with a message naming the file, the entry and the key. Strict, because a
 * misspelt optional key ({@code totalCapacty}) would otherwise be ignored without a word and its default used.
 */
public final class InventoryFile {
    /** Each section with the keys its entries may have, in the order the messages list them. */
    static final Map<String, List<String>> SECTIONS = sections();

    private final Path file;
    private final Map<String, List<Entry>> entries;

    private InventoryFile(Path file, Map<String, List<Entry>> entries) {
        this.file = file;
        this.entries = entries;
    }

    private static Map<String, List<String>> sections() {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        sections.put("accounts", List.of("name", "password", "type", "uuid"));
        sections.put("backupStorages", List.of("uuid", "name", "url", "description", "state", "status", "totalCapacity",
                "hostname", "username", "sshPort", "password", "privateKeyFile", "hostKeyFingerprint"));
        sections.put("databaseBackups", List.of("uuid", "name", "description", "owner", "installPath",
                "backupStorageUuids", "size", "state", "status", "metadata"));
        sections.put("replicationPolicies", List.of("uuid", "name", "sourceBackupStorageUuid",
                "destinationBackupStorageUuids", "schedule", "namePattern", "createdAfter", "newestPerName",
                "maxParallelCopies", "state", "rpoThresholdMinutes", "webHook"));
        sections.put("verifyPolicies", List.of("uuid", "name", "backupStorageUuid", "schedule", "reverifyAfterDays",
                "readRateLimit", "repair", "webHook", "state"));
        return java.util.Collections.unmodifiableMap(sections);
    }

    public static InventoryFile read(Path file) {
        Object document;
        try (InputStream in = Files.newInputStream(file)) {
            // The operator's own file, not a request: SnakeYAML's default limit (3 Mi code points) stopped start-up
            // at ~20,000 backups.
            document = new Load(LoadSettings.builder().setLabel(file.toString()).setCodePointLimit(Integer.MAX_VALUE)
                    .setSchema(new NumbersAsTextSchema()).build())
                    .loadFromInputStream(in);
        } catch (NoSuchFileException e) {
            throw new InventoryException("inventory file %s does not exist (backupsync.inventory-file)".formatted(file), e);
        } catch (IOException e) {
            throw new InventoryException("cannot read inventory file %s: %s".formatted(file, e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new InventoryException("inventory file %s is not valid YAML: %s".formatted(file, e.getMessage()), e);
        }
        if (document == null) {
            throw new InventoryException("inventory file %s is empty: give at least one of %s, or leave backupsync.inventory-file empty"
                    .formatted(file, String.join(", ", SECTIONS.keySet())));
        }
        if (!(document instanceof Map<?, ?> root)) {
            throw new InventoryException("inventory file %s must be a map with the sections %s"
                    .formatted(file, String.join(", ", SECTIONS.keySet())));
        }
        for (Object key : root.keySet()) {
            if (!SECTIONS.containsKey(String.valueOf(key))) {
                throw new InventoryException("inventory file %s: unknown section '%s' (expected %s)"
                        .formatted(file, key, String.join(", ", SECTIONS.keySet())));
            }
        }
        Map<String, List<Entry>> entries = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> section : SECTIONS.entrySet()) {
            entries.put(section.getKey(), entries(root, section.getKey(), section.getValue()));
        }
        return new InventoryFile(file, entries);
    }

    public Path file() {
        return file;
    }

    /** The section's entries, every one with known keys only; none when the section is absent. */
    public List<Entry> entries(String section) {
        return entries.get(section);
    }

    private static List<Entry> entries(Map<?, ?> root, String section, List<String> keys) {
        Object value = root.get(section);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new InventoryException("inventory section '%s' must be a list".formatted(section));
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                throw new InventoryException("%s[%d] must be a map of fields".formatted(section, i));
            }
            Entry entry = new Entry(section, i, map);
            for (Object key : map.keySet()) {
                if (!keys.contains(String.valueOf(key))) {
                    throw entry.problem("unknown key '%s' (allowed: %s)".formatted(key, String.join(", ", keys)));
                }
            }
            entries.add(entry);
        }
        return List.copyOf(entries);
    }

    /** One entry of a section, with errors that say which entry and what is wrong. */
    public record Entry(String section, int index, Map<?, ?> fields) {
        InventoryException problem(String problem) {
            return new InventoryException("inventory %s: %s".formatted(this, problem));
        }

        @Override
        public String toString() {
            Object label = fields.get("name") != null ? fields.get("name") : fields.get("uuid");
            return "%s[%d]%s".formatted(section, index, label == null ? "" : " (" + label + ")");
        }

        String text(String field, String defaultValue) {
            Object value = fields.get(field);
            if (value == null) {
                return defaultValue;
            }
            if (value instanceof Map || value instanceof List) {
                throw problem(field + " must be a single value");
            }
            return value.toString();
        }

        String requiredText(String field) {
            String value = text(field, null);
            if (value == null || value.isBlank()) {
                throw problem(field + " is required");
            }
            return value;
        }

        void requireUuid(String field, String value) {
            if (!Uuids.isValid(value)) {
                throw problem("%s '%s' is not a ZStack uuid (32 lowercase hex characters)".formatted(field, value));
            }
        }

        String oneOf(String field, String defaultValue, Set<String> allowed) {
            String value = text(field, defaultValue);
            if (!allowed.contains(value)) {
                throw problem("%s '%s' must be one of %s".formatted(field, value, allowed));
            }
            return value;
        }

        Long optionalLong(String field) {
            Object value = fields.get(field);
            if (value == null) {
                return null;
            }
            if (value instanceof Number number) {
                return number.longValue();
            }
            try {
                return Long.parseLong(value.toString());
            } catch (NumberFormatException e) {
                throw problem("%s must be a whole number, got '%s'".formatted(field, value));
            }
        }

        /** yyyy-MM-dd or yyyy-MM-ddTHH:mm[:ss], in the server's time zone, as ZStack's dates are. */
        java.sql.Timestamp optionalDate(String field) {
            String value = text(field, null);
            if (value == null) {
                return null;
            }
            try {
                java.time.LocalDateTime time = value.length() == 10
                        ? java.time.LocalDate.parse(value).atStartOfDay() : java.time.LocalDateTime.parse(value);
                return java.sql.Timestamp.valueOf(time);
            } catch (java.time.format.DateTimeParseException e) {
                throw problem("%s '%s' is not a date (yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss)".formatted(field, value));
            }
        }

        /** true or false (YAML's booleans, or the words); the default when absent. */
        boolean flag(String field, boolean defaultValue) {
            Object value = fields.get(field);
            if (value == null) {
                return defaultValue;
            }
            if (value instanceof Boolean flag) {
                return flag;
            }
            return switch (value.toString().strip().toLowerCase(java.util.Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw problem("%s must be true or false, got '%s'".formatted(field, value));
            };
        }

        List<String> requiredTextList(String field) {
            Object value = fields.get(field);
            if (!(value instanceof List<?> list) || list.isEmpty()) {
                throw problem(field + " must be a non-empty list");
            }
            List<String> texts = new ArrayList<>();
            for (Object item : list) {
                texts.add(String.valueOf(item));
            }
            return texts.stream().distinct().toList();
        }
    }
}
