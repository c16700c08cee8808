package backupsync.storage.api;

import backupsync.api.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

/** UpdateBackupStorage: name and description; a field not given keeps its value. */
public class UpdateBackupStorage {
    private final BackupStorageRecords records;

    public UpdateBackupStorage(BackupStorageRecords records) {
        this.records = records;
    }

    /** Step "updateBackupStorage". */
    public void update(Exchange exchange) {
        StorageOperation operation = AddImageStoreBackupStorage.operation(exchange);
        String name = text(operation.getParams(), "name", 255);
        String description = text(operation.getParams(), "description", 2048);
        BackupStorageInventory current = records.inventory(operation.getUuid())
                .orElseThrow(() -> ApiException.notFound(operation.getUuid(), "BackupStorageVO"));
        // Merged here rather than COALESCE(:name, name): a NULL parameter has no type PostgreSQL can infer.
        records.rename(operation.getUuid(), name != null ? name : current.name(),
                description != null ? description : current.description());
        operation.setAnswer(records.inventory(operation.getUuid()).orElseThrow());
    }

    private static String text(JsonNode params, String field, int maxLength) {
        JsonNode node = params.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().length() > maxLength || node.asText().indexOf('\0') >= 0) {
            throw ApiException.invalidField(field, "must be a string of at most %d characters".formatted(maxLength));
        }
        return node.asText();
    }
}
