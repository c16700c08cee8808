package backupsync.pipeline;

import java.util.List;

import backupsync.api.ApiException;
import backupsync.api.SyncRequest;
import backupsync.api.Uuids;
import backupsync.api.ZStackError;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Step "validate": mandatory fields, uuid spelling and tag bounds, as ZStack's API validation does (SYS.1007). */
public class ValidateSyncRequest implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(ValidateSyncRequest.class);
    private final int maxTags;
    private final int maxTagLength;

    public ValidateSyncRequest(int maxTags, int maxTagLength) {
        this.maxTags = maxTags;
        this.maxTagLength = maxTagLength;
    }

    @Override
    public void process(Exchange exchange) {
        SyncContext sync = exchange.getProperty(SyncContext.PROPERTY, SyncContext.class);
        SyncRequest request = sync.getRequest();
        requireUuid("uuid", request.backupUuid());
        requireUuid("srcBackupStorageUuid", request.srcBackupStorageUuid());
        requireUuid("dstBackupStorageUuid", request.dstBackupStorageUuid());
        checkTags("systemTags", request.systemTags());
        checkTags("userTags", request.userTags());
        if (!request.systemTags().isEmpty()) {
            LOG.info("sync {} carries systemTags {}", sync.getRequestId(), request.systemTags());
        }
    }

    private static void requireUuid(String field, String value) {
        if (value == null) {
            throw new ApiException(ZStackError.INVALID_ARGUMENT,
                    "field[%s] of message[APISyncDatabaseBackupFromImageStoreBackupStorageMsg] is mandatory, can not be null"
                            .formatted(field));
        }
        if (!Uuids.isValid(value)) {
            throw ApiException.invalidField(field, "'%s' is not a uuid; expected 32 lowercase hex characters"
                    .formatted(value.length() > 64 ? value.substring(0, 64) + "..." : value));
        }
    }

    private void checkTags(String field, List<String> tags) {
        if (tags.size() > maxTags) {
            throw ApiException.invalidField(field, "%d tags given, at most %d are accepted".formatted(tags.size(), maxTags));
        }
        for (String tag : tags) {
            if (tag.isBlank()) {
                throw ApiException.invalidField(field, "a tag is empty");
            }
            if (tag.length() > maxTagLength) {
                throw ApiException.invalidField(field, "a tag has %d characters, at most %d are accepted"
                        .formatted(tag.length(), maxTagLength));
            }
        }
    }
}
