package backupsync.api;

import java.util.Date;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** ZStack's SessionInventory as LogInByAccount answers it. */
@JsonPropertyOrder({"uuid", "accountUuid", "userUuid", "expiredDate", "createDate"})
public record SessionInventory(String uuid, String accountUuid, String userUuid, Date expiredDate, Date createDate) {
    public static final String ZSTACK_CLASS = "org.zstack.header.identity.SessionInventory";
}
