package backupsync.api;

/** ZStack's error codes used by this API, with ZStack's fixed descriptions (zstack-compat.md section 4). */
public enum ZStackError {
    INTERNAL("SYS.1000", "internal error"),
    TIMEOUT("SYS.1001", "timeout"),
    RESOURCE_NOT_FOUND("SYS.1003", "resource not found"),
    OPERATION_ERROR("SYS.1006", "operation error"),
    INVALID_ARGUMENT("SYS.1007", "invalid argument"),
    UNKNOWN_MESSAGE("SYS.1008", "unknown message"),
    NOT_READY("SYS.1010", "not ready"),
    IO_ERROR("SYS.1016", "I/O error"),
    CANCELLED("SYS.1017", "cancelled"),
    AUTHENTICATION_ERROR("ID.1000", "authentication error"),
    INVALID_SESSION("ID.1001", "invalid or expired session"),
    PERMISSION_DENIED("ID.1002", "permission denied"),
    BACKUP_STORAGE_UNREACHABLE("BS.1500", "backup storage unreachable");

    private final String code;
    private final String description;

    ZStackError(String code, String description) {
        this.code = code;
        this.description = description;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }

    public ErrorCode withDetails(String details) {
        return new ErrorCode(code, description, details, null, null, null);
    }
}
