package backupsync.auth;

/** Who asks: an account reached through a session, or the service itself (queue and schedule without a session). */
public record Caller(String accountUuid, String accountName, String accountType, String sessionUuid) {
    public static final String ADMIN_ACCOUNT_UUID = "36c27e8ff05c4780bf6d2fa65700f22e";
    public static final String SYSTEM_ADMIN = "SystemAdmin";

    public static Caller service() {
        return new Caller(ADMIN_ACCOUNT_UUID, "backup-sync", SYSTEM_ADMIN, null);
    }

    public boolean isAdmin() {
        return SYSTEM_ADMIN.equals(accountType) || ADMIN_ACCOUNT_UUID.equals(accountUuid);
    }
}
