package backupsync.api;

import java.util.UUID;
import java.util.regex.Pattern;

/** ZStack uuids: 32 lowercase hex characters, no dashes. */
public final class Uuids {
    private static final Pattern ZSTACK_UUID = Pattern.compile("[0-9a-f]{32}");

    private Uuids() {
    }

    public static boolean isValid(String value) {
        return value != null && ZSTACK_UUID.matcher(value).matches();
    }

    /** A random (122-bit, SecureRandom-backed) uuid in ZStack's spelling. */
    public static String random() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
