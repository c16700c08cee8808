package backupsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import backupsync.api.Uuids;
import backupsync.support.Browser;
import backupsync.support.Fixture;
import backupsync.support.Http;
import backupsync.support.OpenSshServer;
import backupsync.support.ServiceRunner;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real browser (Debian's chromium, headless): one service and one browser for the whole
 * class, as each start costs seconds on a small machine. Screenshots land in target/console-screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    // Copied at 16 MiB/s (backupsync.copy.bandwidth): several seconds, so the bar is seen at more than one point.
    static final long LARGE = 96L << 20;
    static final long DR_TOTAL = 1L << 30;
    static final String REMOTE = Uuids.random();
    static int remotePort;
    @TempDir
    static Path tmp;
    static Fixture fixture;
    static ServiceRunner service;
    static Http http;
    static ChromeDriver browser;
    static String large;
    static String tenantBackup;
    static final String POLICY = Uuids.random();
    static final String VERIFY_POLICY = Uuids.random();
    static final List<String> nightly = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        if (!Browser.installed()) {
            return;
        }
        fixture = new Fixture(tmp).drTotalCapacity(DR_TOTAL);
        large = fixture.namedBackup("Large-db", 1);
        try (RandomAccessFile file = new RandomAccessFile(fixture.onPrimary(large).toFile(), "rw")) {
            file.setLength(LARGE);
            file.seek(LARGE / 2);
            file.write("the middle of a large backup".getBytes());
        }
        nightly.add(fixture.namedBackup("Nightly-orders", 200_000));
        nightly.add(fixture.namedBackup("Nightly-users", 300_000));
        tenantBackup = fixture.backup("tenant1", 50_000);
        // Two destinations, one of them Disconnected: the report has copies and failures with their ErrorCode.
        fixture.replicationPolicy(("uuid: %s, name: nightly-dr, sourceBackupStorageUuid: %s, destinationBackupStorageUuids: [%s, %s], "
                + "schedule: '0 0 2 * * ?', namePattern: 'Nightly-*'")
                .formatted(POLICY, fixture.primaryUuid, fixture.thirdUuid, fixture.disconnectedStoreUuid));
        fixture.verifyPolicy("uuid: %s, name: third-check, backupStorageUuid: %s, schedule: %s"
                .formatted(VERIFY_POLICY, fixture.thirdUuid, backupsync.support.Verify.NEVER));
        // A remote store whose host does not answer: listed as remote, with its host and port, and Disconnected.
        remotePort = ServiceRunner.freePort();
        Path inventory = fixture.writeInventory();
        Files.writeString(inventory, Files.readString(inventory).replace("databaseBackups:\n",
                ("  - {uuid: %s, name: offsite, url: /srv/offsite, hostname: 127.0.0.1, sshPort: %d, username: backup, password: unused, "
                        + "hostKeyFingerprint: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'}\ndatabaseBackups:\n").formatted(REMOTE, remotePort)));
        service = new ServiceRunner(fixture.dataDir, inventory)
                .with("backupsync.copy.bandwidth", "16M")
                // The unreachable remote store is found Disconnected within a second or two, not after 30 s.
                .with("backupsync.storage.ping-period", "1000")
                // Every request reads SessionVO: a session deleted by the test is gone at the console's next poll.
                .with("backupsync.session-cache-seconds", "0")
                .start();
        http = new Http(service.baseUrl());
        browser = Browser.start(tmp.resolve("chromium-profile"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.close();
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void needsTheBrowser() {
        Browser.assumeInstalled();
    }

    static WebDriverWait waitUpTo(int seconds) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    static WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    /** Logs in with the keyboard only: type, Tab to the password, Enter submits. */
    static void logIn(String account, String password) {
        browser.get(service.baseUrl() + "/console");
        waitUpTo(20).until(d -> byId("login-name").isDisplayed());
        WebElement name = byId("login-name");
        name.clear();
        name.sendKeys(account);
        assertThat(browser.switchTo().activeElement()).isEqualTo(name);
        name.sendKeys(Keys.TAB);
        WebElement password1 = browser.switchTo().activeElement();
        assertThat(password1.getAttribute("id")).isEqualTo("login-password");
        password1.sendKeys(password, Keys.ENTER);
        waitUpTo(20).until(d -> byId("app").isDisplayed());
    }

    static void logOut() {
        byId("logout").click();
        waitUpTo(10).until(d -> byId("login-view").isDisplayed());
    }

    /** The text of what the selector finds, read again if the page replaced it meanwhile. */
    static String textOf(By selector) {
        String text = waitUpTo(10).until(d -> d.findElement(selector).getText());
        return text;
    }

    /** The used share a store's bar says (aria-valuenow), checked against the width it is drawn with. */
    static double usedBar(By storeRow) {
        WebElement meter = waitUpTo(10).until(d -> d.findElement(storeRow).findElement(By.cssSelector("[role=meter]")));
        double said = Double.parseDouble(meter.getAttribute("aria-valuenow"));
        // Drawn through the CSSOM: the page's CSP refuses style attributes, so a width set as one would fill the bar.
        double drawn = ((Number) browser.executeScript("const m = arguments[0];"
                + " return 100 * m.firstChild.getBoundingClientRect().width / m.getBoundingClientRect().width", meter)).doubleValue();
        assertThat(drawn).isCloseTo(said, org.assertj.core.data.Offset.offset(1.0));
        return said;
    }

    static String text(String id) {
        return byId(id).getText();
    }

    @Test
    @Order(1)
    void adminWatchesALargeCopyFinishAndReadsAFailedSyncsErrorCode() throws Exception {
        logIn("admin", "password");
        assertThat(text("who-name")).isEqualTo("admin (admin)");
        // Stores: kind, status and a capacity bar per store.
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#stores-table tbody tr")).size() == 6);
        By dr = By.cssSelector("#stores-table tr[data-uuid='" + fixture.drUuid + "']");
        assertThat(textOf(dr)).contains("dr", "local", "this node", "Connected", "1.0 GiB free of 1.0 GiB");
        assertThat(usedBar(dr)).isEqualTo(0.0);
        assertThat(textOf(By.cssSelector("#stores-table tr[data-uuid='" + fixture.primaryUuid + "']"))).contains("capacity not reported");
        waitUpTo(30).until(d -> {
            browser.findElement(By.id("tab-stores")).click();
            return d.findElement(By.cssSelector("#stores-table tr[data-uuid='" + REMOTE + "']")).getText().contains("Disconnected");
        });
        assertThat(textOf(By.cssSelector("#stores-table tr[data-uuid='" + REMOTE + "']")))
                .contains("offsite", "remote", "127.0.0.1:" + remotePort, "Disconnected");
        assertThat(textOf(By.cssSelector("#stores-table tr[data-uuid='" + fixture.disconnectedStoreUuid + "']"))).contains("Disconnected");
        Browser.screenshot(browser, "1-stores-1280");

        // Adding a remote store whose host does not answer: refused in words, with its ErrorCode, and nothing added.
        int closedPort = ServiceRunner.freePort();
        byId("add-store").findElement(By.tagName("summary")).click();
        byId("store-name").sendKeys("far-away");
        byId("store-hostname").sendKeys("127.0.0.1");
        byId("store-port").clear();
        byId("store-port").sendKeys(Integer.toString(closedPort));
        byId("store-password").sendKeys("not-sent-anywhere");
        byId("store-url").sendKeys("/srv/dr");
        byId("add-store-submit").click();
        waitUpTo(60).until(d -> text("add-store-message").startsWith("The store was not added."));
        assertThat(text("add-store-message")).matches("(?s)The store was not added\\. .+ \\([A-Z]+\\.\\d{4}\\)")
                .doesNotContain("{", "\tat ", "not-sent-anywhere");
        assertThat(browser.findElements(By.cssSelector("#stores-table tbody tr"))).hasSize(6);
        Browser.screenshot(browser, "1b-add-store-refused-1280");

        // Backups, reached with the arrow key from the Stores tab.
        byId("tab-stores").sendKeys(Keys.ARROW_RIGHT);
        waitUpTo(10).until(d -> byId("view-backups").isDisplayed());
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("tab-backups");
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#backups-table tbody tr[data-uuid]")).size() == 4);
        // Admin sees every account's backups; the search narrows them by name.
        byId("backup-search").sendKeys("Nightly", Keys.ENTER);
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#backups-table tbody tr[data-uuid]")).size() == 2);

        // A large copy: its bar moves, then the sync ends and the copy on dr is the same file.
        byId("backup-search").clear();
        byId("backup-search").sendKeys("Large", Keys.ENTER);
        waitUpTo(10).until(d -> d.findElements(By.cssSelector("#backups-table tbody tr[data-uuid]")).size() == 1);
        new Select(byId("sync-backup")).selectByValue(large);
        new Select(byId("sync-src")).selectByValue(fixture.primaryUuid);
        new Select(byId("sync-dst")).selectByValue(fixture.drUuid);
        byId("sync-submit").click();
        byId("tab-syncs").click();
        By bar = By.cssSelector("#syncs-list li[data-backup='" + large + "'] [role=progressbar]");
        double first = waitUpTo(30).until(d -> {
            List<WebElement> bars = d.findElements(bar);
            return bars.isEmpty() ? null : Double.valueOf(bars.get(0).getAttribute("aria-valuenow"));
        });
        double later = waitUpTo(60).until(d -> {
            List<WebElement> bars = d.findElements(bar);
            double now = bars.isEmpty() ? -1 : Double.parseDouble(bars.get(0).getAttribute("aria-valuenow"));
            return now > first && now < 100 ? now : null;
        });
        String figures = browser.findElement(By.cssSelector("#syncs-list li[data-backup='" + large + "'] .figures")).getText();
        assertThat(figures).contains("of 96.0 MiB").containsAnyOf("/s", "measuring rate").containsAnyOf("left", "estimating");
        assertThat(later).isGreaterThan(first);
        Browser.screenshot(browser, "2-sync-in-flight-1280");
        By result = By.cssSelector("#sync-results li[data-backup='" + large + "']");
        waitUpTo(120).until(d -> "done".equals(d.findElement(result).getAttribute("data-state")));
        assertThat(browser.findElement(result).getText()).contains("Large-db from primary to dr: done", "96.0 MiB verified");
        waitUpTo(10).until(d -> d.findElements(bar).isEmpty());
        assertThat(Files.mismatch(fixture.onPrimary(large), fixture.onDr(large))).isEqualTo(-1L);
        // The copy took its room on dr: the store's bar shows it.
        byId("tab-stores").click();
        waitUpTo(10).until(d -> d.findElement(dr).getText().contains("928.0 MiB free of 1.0 GiB"));
        assertThat(usedBar(dr)).isCloseTo(100.0 * LARGE / DR_TOTAL, org.assertj.core.data.Offset.offset(0.1));

        // A sync to a Disconnected store fails: its ErrorCode in plain words, nothing raw.
        byId("tab-backups").click();
        new Select(byId("sync-dst")).selectByValue(fixture.disconnectedStoreUuid);
        byId("sync-submit").click();
        By failed = By.cssSelector("#sync-results li[data-state=failed]");
        waitUpTo(30).until(d -> !d.findElements(failed).isEmpty());
        assertThat(browser.findElement(failed).getAttribute("data-code")).isEqualTo("BS.1500");
        assertThat(text("sync-message")).contains("failed", "The store cannot be reached or is not connected", "(BS.1500)")
                .doesNotContain("{", "Exception", "\tat ");
        assertThat(Fixture.filesUnder(fixture.root.resolve("stores/disconnected"))).isEmpty();
        Browser.screenshot(browser, "3-failed-sync-1280");
    }

    @Test
    @Order(2)
    void adminRunsAPolicyNowAndReadsItsReport() throws Exception {
        byId("tab-replication").click();
        By row = By.cssSelector("#policies-table tr[data-uuid='" + POLICY + "']");
        waitUpTo(20).until(d -> !d.findElements(row).isEmpty());
        WebElement policy = browser.findElement(row);
        // Schedule, when Quartz fires it next (a date, not "not scheduled"), and no run yet.
        assertThat(policy.getText()).contains("nightly-dr", "0 0 2 * * ?", "never run").doesNotContain("not scheduled");
        policy.findElement(By.cssSelector("button.run-now")).click();
        waitUpTo(120).until(d -> byId("run-report").isDisplayed() && !d.findElements(By.id("report-summary")).isEmpty());

        // What the page says is what the API's report says.
        String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
        JsonNode run = http.get("/zstack/v1/database-backups/replication-runs?policyUuid=" + POLICY, Http.session(admin))
                .json().get("inventories").get(0);
        JsonNode report = http.get("/zstack/v1/database-backups/replication-runs/" + run.get("uuid").asText(), Http.session(admin))
                .json().get("inventory");
        assertThat(report.get("copied").asLong()).isEqualTo(2);
        assertThat(report.get("failed").asLong()).isEqualTo(2);
        assertThat(text("report-body")).doesNotContain("null", "{");
        assertThat(text("report-summary")).contains(report.get("status").asText() + ":", "2 copied", "2 failed");
        List<WebElement> failures = browser.findElements(By.cssSelector("#report-failures li"));
        assertThat(failures).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode failure = report.get("failures").get(i);
            WebElement shown = failures.get(i);
            assertThat(shown.getAttribute("data-code")).isEqualTo(failure.get("code").asText());
            assertThat(shown.getText()).contains("to disconnected", "(" + failure.get("code").asText() + ")")
                    .doesNotContain("{");
        }
        for (String backup : nightly) {
            assertThat(Files.mismatch(fixture.onPrimary(backup), fixture.third.resolve("zsbak").resolve(backup))).isEqualTo(-1L);
        }
        // The policy's row now shows the last run's outcome.
        waitUpTo(10).until(d -> d.findElement(row).getText().contains("2 copied, 0 skipped, 2 failed"));
        Browser.screenshot(browser, "4-replication-report-1280");
        assertThat(unlabelledControls()).isEmpty();

        // A verify run finds one of the two copies on third damaged: the Verify view and the backup's refs say so.
        backupsync.support.Verify.flipByte(fixture.third.resolve("zsbak").resolve(nightly.get(1)), 1000);
        JsonNode verified = backupsync.support.Verify.run(http, admin, VERIFY_POLICY);
        assertThat(verified.get("corrupt").asLong()).isEqualTo(1);
        byId("tab-verify").click();
        By verifyRow = By.cssSelector("#verify-table tr[data-uuid='" + VERIFY_POLICY + "']");
        waitUpTo(20).until(d -> !d.findElements(verifyRow).isEmpty());
        assertThat(browser.findElement(verifyRow).getText()).contains("third-check", "third", "1 good, 1 corrupt, 0 missing");
        byId("tab-backups").click();
        byId("backup-search").clear();
        byId("backup-search").sendKeys("users", Keys.ENTER);
        By users = By.cssSelector("#backups-table tr[data-uuid='" + nightly.get(1) + "']");
        waitUpTo(20).until(d -> !d.findElements(users).isEmpty() && d.findElement(users).getText().contains("verified Corrupt"));
        Browser.screenshot(browser, "5-verify-1280");
    }

    @Test
    @Order(3)
    void aTenantSeesOnlyItsOwnBackupsOnANarrowScreenAndAnExpiredSessionReturnsToLogin() throws Exception {
        String adminSession = (String) browser.executeScript(
                "return JSON.parse(sessionStorage.getItem('backupsync.console.session')).uuid");
        assertThat(http.get("/zstack/v1/database-backups", Http.session(adminSession)).status()).isEqualTo(200);
        logOut();
        assertThat(text("login-message")).contains("logged out");
        // Logging out ended the session on the service (LogOut), not only in the page.
        assertThat(http.get("/zstack/v1/database-backups", Http.session(adminSession)).error().get("code").asText())
                .isEqualTo("ID.1001");
        // A wrong password is said in words.
        logInFails("tenant1", "not-the-password");
        assertThat(text("login-message")).contains("The account name or the password is wrong", "(ID.1000)").doesNotContain("{");

        Browser.resize(browser, 390, 844);
        logIn("tenant1", "secret1");
        assertThat(((Number) browser.executeScript("return window.innerWidth")).intValue()).isLessThanOrEqualTo(400);
        assertThat(byId("tab-replication").isDisplayed()).isFalse();
        assertThat(byId("tab-stores").isDisplayed()).isFalse();
        byId("tab-backups").click();
        waitUpTo(10).until(d -> !d.findElements(By.cssSelector("#backups-table tbody tr[data-uuid]")).isEmpty());
        // Read again if the table was redrawn meanwhile (the tab's own refresh).
        List<String> shown = waitUpTo(10).until(d -> d.findElements(By.cssSelector("#backups-table tbody tr[data-uuid]")).stream()
                .map(r -> r.getAttribute("data-uuid")).toList());
        assertThat(shown).containsExactly(tenantBackup);
        // Nothing the admin saw stays in the page: not its syncs' results, not its policies' report.
        assertThat(browser.findElements(By.cssSelector("#sync-results li, #policies-table tbody tr, #report-body *"))).isEmpty();
        assertThat(browser.findElement(By.id("backups-table")).getText()).doesNotContain("Large-db", "Nightly");
        // Nothing is wider than the screen: wide tables scroll inside their own box.
        assertThat(((Number) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth")).intValue())
                .isLessThanOrEqualTo(0);
        Browser.screenshot(browser, "6-tenant-backups-390");

        // The session ends on the server (as when it expires): the next progress poll sends the user back to login.
        service.jdbc().update("DELETE FROM SessionVO", Map.of());
        waitUpTo(15).until(d -> byId("login-view").isDisplayed());
        assertThat(text("login-message")).contains("session has expired");
        assertThat(byId("app").isDisplayed()).isFalse();
        Browser.screenshot(browser, "7-session-expired-390");
        Browser.resize(browser, 1280, 900);
    }

    @Test
    @Order(4)
    void adminAddsARemoteStoreOverSshAndSyncsABackupToIt() throws Exception {
        try (OpenSshServer sshd = OpenSshServer.start()) {
            Path root = sshd.newRoot(OpenSshServer.PASSWORD_USER);
            logIn("admin", "password");
            byId("tab-stores").click();
            waitUpTo(10).until(d -> d.findElements(By.cssSelector("#stores-table tbody tr")).size() == 6);
            byId("add-store").findElement(By.tagName("summary")).click();
            for (String field : List.of("store-name", "store-hostname", "store-username", "store-password", "store-url", "store-fingerprint")) {
                byId(field).clear();
            }
            byId("store-name").sendKeys("dr-over-ssh");
            // By name: the offsite store already stands for the host 127.0.0.1, and ZStack has one image store a host.
            byId("store-hostname").sendKeys("localhost");
            byId("store-port").clear();
            byId("store-port").sendKeys(Integer.toString(sshd.port()));
            byId("store-username").sendKeys(OpenSshServer.PASSWORD_USER);
            byId("store-password").sendKeys(sshd.password());
            byId("store-url").sendKeys(root.toString());
            // No fingerprint typed: the key the host presents is learnt and pinned (trust on first use).
            byId("add-store-submit").click();
            waitUpTo(60).withMessage(() -> "the console said: " + text("add-store-message"))
                    .until(d -> text("add-store-message").startsWith("Added "));
            assertThat(text("add-store-message")).isEqualTo("Added dr-over-ssh (Connected).");
            assertThat(byId("store-password").getAttribute("value")).as("the password leaves the form").isEmpty();

            String admin = http.login("admin", Http.ADMIN_PASSWORD_SHA512);
            JsonNode added = http.get("/zstack/v1/backup-storage/image-store", Http.session(admin)).json().get("inventories")
                    .findParents("name").stream().filter(store -> store.get("name").asText().equals("dr-over-ssh")).findFirst().orElseThrow();
            String uuid = added.get("uuid").asText();
            assertThat(service.jdbc().queryForObject("SELECT hostKeyFingerprint FROM ImageStoreSshVO WHERE uuid = :u",
                    Map.of("u", uuid), String.class)).as("the host's own key, pinned").isEqualTo(sshd.hostKeyFingerprint());
            By row = By.cssSelector("#stores-table tr[data-uuid='" + uuid + "']");
            waitUpTo(10).until(d -> !d.findElements(row).isEmpty());
            assertThat(textOf(row)).contains("dr-over-ssh", "remote", "localhost:" + sshd.port(), "Connected");
            assertThat(browser.getPageSource()).doesNotContain(sshd.password());
            Browser.screenshot(browser, "8-remote-store-added-1280");

            // The new store is a destination like any other: a backup synced to it lands on the host, the same bytes.
            String backup = nightly.get(0);
            byId("tab-backups").click();
            byId("backup-search").clear();
            byId("backup-search").sendKeys("orders", Keys.ENTER);
            waitUpTo(10).until(d -> d.findElements(By.cssSelector("#backups-table tbody tr[data-uuid]")).size() == 1);
            new Select(byId("sync-backup")).selectByValue(backup);
            new Select(byId("sync-src")).selectByValue(fixture.primaryUuid);
            waitUpTo(10).until(d -> !d.findElements(By.cssSelector("#sync-dst option[value='" + uuid + "']")).isEmpty());
            new Select(byId("sync-dst")).selectByValue(uuid);
            byId("sync-submit").click();
            byId("tab-syncs").click();
            By result = By.cssSelector("#sync-results li[data-backup='" + backup + "']");
            waitUpTo(60).until(d -> !d.findElements(result).isEmpty()
                    && List.of("done", "failed").contains(d.findElement(result).getAttribute("data-state")));
            assertThat(browser.findElement(result).getAttribute("data-state")).as(browser.findElement(result).getText()).isEqualTo("done");
            assertThat(browser.findElement(result).getText()).contains("Nightly-orders from primary to dr-over-ssh: done");
            String installPath = service.jdbc().queryForObject("SELECT installPath FROM DatabaseBackupStorageRefVO "
                    + "WHERE databaseBackupUuid = :b AND backupStorageUuid = :s", Map.of("b", backup, "s", uuid), String.class);
            assertThat(Files.mismatch(fixture.onPrimary(backup), root.resolve(installPath.substring("zstore://".length()))))
                    .as("the copy on the host").isEqualTo(-1L);
            Browser.screenshot(browser, "9-synced-to-remote-1280");
        }
    }

    /** Every input and select with a label of its own, every button with words or an aria-label. */
    @SuppressWarnings("unchecked")
    static List<String> unlabelledControls() {
        return (List<String>) browser.executeScript("""
                return Array.from(document.querySelectorAll('input, select, button')).filter(c =>
                    c.tagName === 'BUTTON' ? !(c.textContent.trim() || c.getAttribute('aria-label'))
                        : !(c.id && document.querySelector('label[for="' + c.id + '"]'))).map(c => c.outerHTML);""");
    }

    static void logInFails(String account, String password) {
        browser.get(service.baseUrl() + "/console/");
        waitUpTo(20).until(d -> byId("login-name").isDisplayed());
        byId("login-name").sendKeys(account);
        byId("login-password").sendKeys(password, Keys.ENTER);
        waitUpTo(20).until(d -> byId("login-message").getAttribute("class").contains("bad"));
    }
}
