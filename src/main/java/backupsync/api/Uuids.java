package backupsync.api;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/** ZStack uuids: 32 lowercase hex characters, no dashes. */
public final class Uuids {
    private static final Pattern ZSTACK_UUID = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom SESSION_RANDOM = new SecureRandom();

    private Uuids() {
    }

    public static boolean isValid(String value) {
        return value != null && ZSTACK_UUID.matcher(value).matches();
    }

    /** A random (122-bit, SecureRandom-backed) uuid in ZStack's spelling. */
    public static String random() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * A session id: 128 bits straight from SecureRandom, as 32 lowercase hex characters (a valid ZStack uuid).
     * Sessions are bearer secrets, so they get every bit random, not the 122 of a version-4 UUID.
     */
    public static String sessionId() {
        byte[] bits = new byte[16];
        SESSION_RANDOM.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }
}
