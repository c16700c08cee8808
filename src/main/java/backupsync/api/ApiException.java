package backupsync.api;

/**
 * A failure whose ErrorCode is known where it is raised. The HTTP status follows ZStack:
 * 503 for a failed API call, 400 for a request that could not be read at all.
 */
public class ApiException extends RuntimeException {
    public static final int FAILED_API = 503;
    public static final int MALFORMED_REQUEST = 400;

    private final transient ErrorCode errorCode;
    private final int httpStatus;

    public ApiException(ZStackError error, String details) {
        this(error, details, FAILED_API);
    }

    public ApiException(ZStackError error, String details, int httpStatus) {
        // No stack trace: the ErrorCode says what failed and the sync's line says where; filling one in took 2.5 %
        // of the CPU of answering a bad request (async-profiler, 16 connections).
        super(error.code() + ": " + details, null, false, false);
        this.errorCode = error.withDetails(details);
        this.httpStatus = httpStatus;
    }

    public static ApiException malformed(ZStackError error, String details) {
        return new ApiException(error, details, MALFORMED_REQUEST);
    }

    public static ApiException notFound(String uuid, String type) {
        return new ApiException(ZStackError.RESOURCE_NOT_FOUND,
                "invalid field[uuid], resource[uuid:%s, type:%s] not found".formatted(uuid, type));
    }

    public static ApiException invalidField(String field, String problem) {
        return new ApiException(ZStackError.INVALID_ARGUMENT, "invalid field[%s]: %s".formatted(field, problem));
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
