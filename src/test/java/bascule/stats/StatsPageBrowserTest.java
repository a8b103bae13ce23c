package bascule.stats;

import static org.assertj.core.api.Assertions.assertThat;

import bascule.Instance;
import bascule.testing.Await;
import bascule.testing.HttpBackend;
import bascule.testing.HttpConn;
import bascule.testing.Proxies;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The stats page in a real headless browser (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs): log in with the page's credentials, see the tables, drain a server with the admin
 * form, and check that the page shows DRAIN and that new traffic no longer reaches that server. A screenshot is
 * left in {@code target/stats-page.png} for people to look at; it is never committed.
 */
@Timeout(120)
class StatsPageBrowserTest {
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path BROWSER = Path.of("/usr/bin/chromium");

    @TempDir
    Path profile;

    private static void assumeBrowser() {
        boolean present = Files.isExecutable(DRIVER) && Files.isExecutable(BROWSER);
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError("the stats page browser test needs " + BROWSER + " and " + DRIVER
                    + " under CI (apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(present, "chromium and chromium-driver are not installed");
    }

    @Test
    void drainAServerFromThePage() throws Exception {
        assumeBrowser();
        try (HttpBackend a = HttpBackend.start("a"); HttpBackend b = HttpBackend.start("b");
             Instance instance = Proxies.start("""
                     defaults
                         mode http
                         timeout connect 2s
                         timeout client 10s
                         timeout server 10s
                     listen stats
                         bind 127.0.0.1:0
                         stats uri /stats
                         stats realm Bascule\\ Stats
                         stats auth admin:s3cret
                         stats admin if LOCALHOST
                         stats show-legends
                     listen app
                         bind 127.0.0.1:0
                         balance roundrobin
                         server a 127.0.0.1:%d
                         server b 127.0.0.1:%d
                     """.formatted(a.port(), b.port()))) {
            int statsPort = Proxies.port(instance, 0);
            int appPort = Proxies.port(instance, 1);
            for (int i = 0; i < 4; i++) {
                assertThat(HttpConn.get(appPort, "/before").status()).isEqualTo(200);
            }
            assertThat(b.requests()).hasSize(2);

            ChromeDriver driver = browser();
            try {
                // Basic credentials in the URL: the browser answers the 401 challenge and keeps them for the form.
                driver.get("http://admin:s3cret@127.0.0.1:" + statsPort + "/stats");
                assertThat(driver.getTitle()).startsWith("Statistics Report for Bascule");
                List<WebElement> proxyTitles = driver.findElements(By.cssSelector("th.pxname"));
                assertThat(proxyTitles).extracting(WebElement::getText).containsExactly("stats", "app");
                WebElement rowB = serverRow(driver, "b");
                assertThat(rowB.getAttribute("class")).isEqualTo("active_no_check");
                assertThat(driver.findElements(By.cssSelector("tr.frontend"))).hasSize(2);
                assertThat(driver.findElements(By.cssSelector("tr.backend"))).hasSize(2);

                WebElement form = driver.findElement(By.xpath("//form[.//input[@name='s' and @value='b']]"));
                form.findElement(By.cssSelector("input[name='s'][value='b']")).click();
                form.findElement(By.cssSelector("select[name='action'] option[value='drain']")).click();
                form.findElement(By.cssSelector("input[type='submit']")).click();

                Await.until("the redirect after the post", Duration.ofSeconds(10),
                        () -> driver.getCurrentUrl().contains(";st=DONE"));
                assertThat(driver.findElement(By.tagName("body")).getText()).contains("Action processed successfully.");
                rowB = serverRow(driver, "b");
                assertThat(rowB.getAttribute("class")).isEqualTo("active_draining");
                assertThat(rowB.getText()).contains("DRAIN");
                assertThat(serverRow(driver, "a").getAttribute("class")).isEqualTo("active_no_check");
                screenshot(driver);
            } finally {
                driver.quit();
            }

            int before = b.requests().size();
            for (int i = 0; i < 6; i++) {
                assertThat(HttpConn.get(appPort, "/after").status()).isEqualTo(200);
            }
            assertThat(b.requests()).as("no new request reaches the drained server").hasSize(before);
            assertThat(instance.runtime().backends().get("app").server("b").adminState())
                    .isEqualTo(bascule.proxy.AdminState.DRAIN);
        }
    }

    private static WebElement serverRow(ChromeDriver driver, String server) {
        return driver.findElement(By.xpath("//tr[.//a[@name='app/" + server + "']]"));
    }

    private ChromeDriver browser() {
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1600,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void screenshot(ChromeDriver driver) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.copy(shot.toPath(), target.resolve("stats-page.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
