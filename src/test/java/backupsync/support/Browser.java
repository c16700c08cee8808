package backupsync.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, through Debian's chromedriver: both paths are set, so Selenium Manager never runs
 * (it would try to download a driver and a browser, which cannot work offline).
 */
public final class Browser {
    public static final Path CHROMIUM = Path.of(System.getProperty("backupsync.test.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("backupsync.test.chromedriver", "/usr/bin/chromedriver"));

    private Browser() {
    }

    private static String missing() {
        return "the console's browser tests need Debian's chromium (%s) and chromium-driver (%s): run scripts/test-setup.sh as root (apt-get install chromium chromium-driver)"
                .formatted(CHROMIUM, CHROMEDRIVER);
    }

    /** Whether the browser is there; without it a run with CI set fails here, a local run goes on (to skip). */
    public static boolean installed() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return true;
        }
        if (System.getenv("CI") != null) {
            Assertions.fail(missing());
        }
        return false;
    }

    /** In each test: skipped, with the reason in the report, when there is no browser (locally only). */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(installed(), Browser::missing);
    }

    public static ChromeDriver start(Path userDataDir) throws IOException {
        assumeInstalled();
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900",
                "--user-data-dir=" + Files.createDirectories(userDataDir).toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    public static void resize(ChromeDriver driver, int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves what the browser shows to target/console-screenshots/{name}.png, for review. */
    public static void screenshot(ChromeDriver driver, String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "console-screenshots"));
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
