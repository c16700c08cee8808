package backupsync.bandwidth;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bandwidth limit that may change with the time of the week, written as rclone's {@code --bwlimit} is:
 * <ul>
 * <li>{@code off}, {@code 10M}, {@code 512k}, {@code 2500000b}: one limit all the time (bytes per second; a number
 *     without a unit is KiB/s, as in rclone; b, k, M, G, T are binary multiples);</li>
 * <li>{@code 08:00,512k 12:00,10M 23:00,off}: from each time on, every day;</li>
 * <li>{@code Mon-08:00,10M Sat-00:00,off}: from that day and time on;</li>
 * <li>{@code Mon-Fri 08:00,10M 18:00,off}: a group of days, then times that apply on each of them.</li>
 * </ul>
 * At any moment the limit in force is that of the latest change before it, going back round the week: on Saturday
 * the last example is off, since Friday's 18:00 came last.
 */
public final class Timetable {
    public static final Timetable OFF = new Timetable("off", new TreeMap<>(java.util.Map.of(0, -1L)));
    private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    private static final Pattern RATE = Pattern.compile("(?i)^(off|\\d+(?:\\.\\d+)?)([bkmgt])?$");
    private static final Pattern DAY_GROUP = Pattern.compile("(?i)^(mon|tue|wed|thu|fri|sat|sun)(?:-(mon|tue|wed|thu|fri|sat|sun))?$");
    private static final Pattern ENTRY = Pattern.compile("(?i)^(?:(mon|tue|wed|thu|fri|sat|sun)-)?([01]\\d|2[0-3]):([0-5]\\d),(.+)$");
    private static final int MINUTES_PER_WEEK = 7 * 24 * 60;

    private final String text;
    /** Minute of the week (Monday 00:00 is 0) -> bytes per second, -1 for off. */
    private final TreeMap<Integer, Long> changes;

    private Timetable(String text, TreeMap<Integer, Long> changes) {
        this.text = text;
        this.changes = changes;
    }

    /** Parses the text; throws IllegalArgumentException saying what is wrong and how it should look. */
    public static Timetable parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("a bandwidth limit cannot be empty: write off, a rate such as 10M, or a timetable such as 'Mon-Fri 08:00,10M 18:00,off'");
        }
        String[] tokens = trimmed.split("\\s+");
        TreeMap<Integer, Long> changes = new TreeMap<>();
        if (tokens.length == 1 && RATE.matcher(tokens[0]).matches()) {
            changes.put(0, rate(tokens[0]));
            return new Timetable(trimmed, changes);
        }
        Set<DayOfWeek> group = EnumSet.allOf(DayOfWeek.class);
        for (String token : tokens) {
            Matcher days = DAY_GROUP.matcher(token);
            if (days.matches()) {
                group = days(days.group(1), days.group(2) == null ? days.group(1) : days.group(2));
                continue;
            }
            Matcher entry = ENTRY.matcher(token);
            if (!entry.matches()) {
                throw new IllegalArgumentException("'%s' in the bandwidth timetable '%s' is neither a group of days (Mon-Fri) nor a change (HH:MM,RATE or Day-HH:MM,RATE)"
                        .formatted(token, trimmed));
            }
            int minute = Integer.parseInt(entry.group(2)) * 60 + Integer.parseInt(entry.group(3));
            long rate = rate(entry.group(4));
            Set<DayOfWeek> on = entry.group(1) != null ? days(entry.group(1), entry.group(1)) : group;
            for (DayOfWeek day : on) {
                int at = (day.getValue() - 1) * 24 * 60 + minute;
                if (changes.put(at, rate) != null) {
                    throw new IllegalArgumentException("the bandwidth timetable '%s' changes twice at %s %s"
                            .formatted(trimmed, day.getDisplayName(java.time.format.TextStyle.SHORT, Locale.ROOT),
                                    entry.group(2) + ":" + entry.group(3)));
                }
            }
        }
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("the bandwidth timetable '%s' names days but no change (HH:MM,RATE)".formatted(trimmed));
        }
        return new Timetable(trimmed, changes);
    }

    /** Bytes per second in force at {@code time} (local time of the node), empty when unlimited. */
    public OptionalLong limitAt(LocalDateTime time) {
        int minute = (time.getDayOfWeek().getValue() - 1) * 24 * 60 + time.getHour() * 60 + time.getMinute();
        var change = changes.floorEntry(minute);
        long rate = (change != null ? change : changes.lastEntry()).getValue();
        return rate < 0 ? OptionalLong.empty() : OptionalLong.of(rate);
    }

    /** When the limit changes next after {@code time}, for the answer of the API. */
    public LocalDateTime nextChangeAfter(LocalDateTime time) {
        LocalDateTime minute = time.truncatedTo(ChronoUnit.MINUTES);
        int now = (time.getDayOfWeek().getValue() - 1) * 24 * 60 + time.getHour() * 60 + time.getMinute();
        Integer next = changes.higherKey(now);
        int ahead = next != null ? next - now : MINUTES_PER_WEEK - now + changes.firstKey();
        return minute.plusMinutes(ahead);
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    private static Set<DayOfWeek> days(String from, String to) {
        int first = index(from);
        int last = index(to);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        // Sat-Mon wraps round the week, as a reader of "Fri-Mon" means.
        for (int i = first; ; i = (i + 1) % 7) {
            days.add(DayOfWeek.of(i + 1));
            if (i == last) {
                return days;
            }
        }
    }

    private static int index(String day) {
        String lower = day.toLowerCase(Locale.ROOT);
        for (int i = 0; i < DAYS.length; i++) {
            if (DAYS[i].equals(lower)) {
                return i;
            }
        }
        throw new IllegalArgumentException(day);
    }

    private static long rate(String text) {
        Matcher matcher = RATE.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'%s' is not a bandwidth: write off or a number with b, k, M, G or T (bytes per second; no unit is KiB/s)"
                    .formatted(text));
        }
        if (matcher.group(1).equalsIgnoreCase("off")) {
            if (matcher.group(2) != null) {
                throw new IllegalArgumentException("'%s' is not a bandwidth".formatted(text));
            }
            return -1;
        }
        double value = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "k" : matcher.group(2).toLowerCase(Locale.ROOT);
        int shift = switch (unit) {
            case "b" -> 0;
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 40;
        };
        double bytes = value * (1L << shift);
        if (bytes < 1 || bytes > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("'%s' is not a usable bandwidth: at least 1 byte per second".formatted(text));
        }
        return (long) bytes;
    }
}
