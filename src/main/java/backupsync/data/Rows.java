package backupsync.data;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Date;

/** Column values whose Java type depends on the database and its driver, read one way for all of them. */
public final class Rows {
    private Rows() {
    }

    /**
     * A date column as {@link Date}: H2 and PostgreSQL return {@link java.sql.Timestamp}, MariaDB may return
     * {@link LocalDateTime} (DATETIME), and some drivers {@link OffsetDateTime}. Local values are in this JVM's zone,
     * the zone ZStack renders dates in.
     */
    public static Date date(Object value) {
        if (value == null || value instanceof Date) {
            return (Date) value;
        }
        if (value instanceof LocalDateTime local) {
            return java.sql.Timestamp.valueOf(local);
        }
        if (value instanceof OffsetDateTime offset) {
            return Date.from(offset.toInstant());
        }
        if (value instanceof java.time.Instant instant) {
            return Date.from(instant);
        }
        throw new IllegalArgumentException("not a date column value: " + value.getClass().getName());
    }

    /** A whole-number column as {@link Long}, whatever integer type the driver chose. */
    public static Long toLong(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }
}
