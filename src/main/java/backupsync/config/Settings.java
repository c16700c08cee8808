package backupsync.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import backupsync.StartupFailure;

/**
 * The one way settings are read: each feature binds its keys once, at start-up, into a typed record of its own
 * ({@code DatabaseSettings.from(settings)}). The defaults live only in config/application.properties (and the backend
 * files); a key missing there is a bug, and a value that does not parse or is out of range stops start-up with one
 * line naming the property, the value and what is allowed.
 */
public final class Settings {
    private final Function<String, String> lookup;

    /** @param lookup answers a key's value, or null when the key is not set anywhere */
    public Settings(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** A value that must be set and not blank. */
    public String text(String key) {
        String value = lookup.apply(key);
        if (value == null || value.isBlank()) {
            throw new StartupFailure("%s is not set: give it a value (config/application.properties lists every setting)"
                    .formatted(key));
        }
        return value.strip();
    }

    /** A value that may be empty: null then. */
    public String optionalText(String key) {
        String value = lookup.apply(key);
        return value == null || value.isBlank() ? null : value.strip();
    }

    public int integer(String key, int min, int max) {
        return (int) number(key, min, max);
    }

    public long number(String key, long min, long max) {
        String value = text(key);
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw invalid(key, value, max == Long.MAX_VALUE ? "a whole number of at least %d".formatted(min)
                : "a whole number from %d to %d".formatted(min, max));
    }

    public boolean flag(String key) {
        String value = text(key).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, value, "true or false");
        };
    }

    /** One of the allowed words, compared without case; answers it as written in {@code allowed}. */
    public String oneOf(String key, String... allowed) {
        String value = text(key);
        return Arrays.stream(allowed).filter(word -> word.equalsIgnoreCase(value)).findFirst()
                .orElseThrow(() -> invalid(key, value, "one of " + String.join(", ", List.of(allowed))));
    }

    public static StartupFailure invalid(String key, String value, String allowed) {
        return new StartupFailure("%s = '%s' is not valid: it must be %s".formatted(key, value, allowed));
    }
}
