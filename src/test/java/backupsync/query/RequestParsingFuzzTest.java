package backupsync.query;

import java.util.List;
import java.util.Map;
import java.util.Set;

import backupsync.api.ApiException;
import backupsync.api.SyncRequest;
import backupsync.http.LoginDoor;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of request parsing (docs/reliability.md): the sync body (SyncRequest.fromJson), the login
 * body (LoginDoor.readLogin) and the query string with its conditions (parseQueryString, QueryCondition.parse). The
 * property: each either gives a well-formed result or throws an ApiException carrying an ErrorCode; any other
 * exception is a finding.
 *
 * <p>In a normal {@code mvn test} Jazzer runs the seed inputs only (src/test/resources/backupsync/query/
 * RequestParsingFuzzTestInputs/&lt;method&gt;/ plus anything it found before). A real, coverage-guided run:
 * {@code JAZZER_FUZZ=1 mvn -B test -Dtest=RequestParsingFuzzTest -Djazzer.max_duration=30s} (or longer).
 */
class RequestParsingFuzzTest {
    private static final Set<Integer> STATUSES = Set.of(400, 503);

    @FuzzTest(maxDuration = "30s")
    void syncBodyIsARequestOrAnErrorCode(FuzzedDataProvider data) {
        String uuid = data.consumeString(64);
        String body = data.consumeRemainingAsString();
        try {
            SyncRequest request = SyncRequest.fromJson(body, uuid);
            assertThat(request.systemTags()).doesNotContainNull();
            assertThat(request.userTags()).doesNotContainNull();
            assertThat(request.backupUuid()).isEqualTo(uuid);
        } catch (ApiException refused) {
            assertWellFormed(refused);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void loginBodyIsARequestOrAnErrorCode(FuzzedDataProvider data) {
        try {
            LoginDoor.LoginRequest login = LoginDoor.readLogin(data.consumeRemainingAsString());
            assertThat(login.accountName()).isNotNull();
            assertThat(login.password()).isNotNull();
        } catch (ApiException refused) {
            assertWellFormed(refused);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void queryConditionsAreConditionsOrAnErrorCode(FuzzedDataProvider data) {
        try {
            Map<String, List<String>> parameters = QueryDatabaseBackups.parseQueryString(data.consumeRemainingAsString());
            for (String q : parameters.getOrDefault("q", List.of())) {
                QueryCondition condition = QueryCondition.parse(q, QueryDatabaseBackups.COLUMNS, QueryDatabaseBackups.NUMERIC);
                // Only a known column reaches the SQL text; the value is bound.
                assertThat(QueryDatabaseBackups.COLUMNS.values()).contains(condition.column());
                assertThat(condition.operator()).matches("[A-Z =<>!]+");
            }
        } catch (ApiException refused) {
            assertWellFormed(refused);
        }
    }

    private static void assertWellFormed(ApiException refused) {
        assertThat(refused.errorCode()).isNotNull();
        assertThat(refused.errorCode().code()).isNotBlank();
        assertThat(refused.errorCode().description()).isNotBlank();
        assertThat(refused.errorCode().details()).isNotBlank();
        assertThat(STATUSES).contains(refused.httpStatus());
    }
}
