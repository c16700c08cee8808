package backupsync.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** ZStack stores and sends account passwords as SHA-512 hex. */
public final class PasswordHash {
    private PasswordHash() {
    }

    public static String sha512Hex(String clear) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-512");
            return HexFormat.of().formatHex(digest.digest(clear.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JVM", e);
        }
    }

    /** Constant-time comparison, so timing does not tell how much of a hash matched. */
    public static boolean matches(String expectedHex, String givenHex) {
        if (expectedHex == null || givenHex == null) {
            return false;
        }
        return MessageDigest.isEqual(expectedHex.toLowerCase().getBytes(StandardCharsets.US_ASCII),
                givenHex.toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }
}
