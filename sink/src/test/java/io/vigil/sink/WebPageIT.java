package io.vigil.sink;

import static io.vigil.sink.SinkFixture.newAlert;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.common.Alert;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real browser: Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver (nothing is downloaded). Screenshots go to target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPageIT {

    private TestDatabase database;
    private SinkFixture f;
    private ChromeDriver browser;
    private final String cam = "front-" + UUID.randomUUID().toString().substring(0, 6);
    private final String yard = "yard-" + UUID.randomUUID().toString().substring(0, 6);
    private final Instant base = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    void start() throws Exception {
        browser = HeadlessChromium.start();
        database = TestDatabase.sqlite();
        f = new SinkFixture(database.jdbcUrl(), null);
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.quit();
        if (f != null) f.close();
        if (database != null) database.close();
    }

    @Test
    void pageListsAlertsWithThumbnailsFiltersThemAndShowsANewOneLive() throws Exception {
        byte[] jpeg;
        try (InputStream in = getClass().getResourceAsStream("/images/person.jpg")) {
            jpeg = in.readAllBytes();
        }
        List<Alert> stored = List.of(newAlert("p1-" + cam, cam, "person", base),
                newAlert("c1-" + cam, cam, "car", base.plusSeconds(60)),
                newAlert("p2-" + yard, yard, "person", base.plusSeconds(120)));
        for (Alert a : stored) {
            f.send(a);
            f.sendRaw(f.config.snapshotsTopic(), a.id(), jpeg);
        }
        f.sendRaw(f.config.cameraStatusTopic(), cam, "{\"state\":\"online\",\"fps\":5.0}".getBytes());
        f.awaitStored();

        browser.get(f.uri("/").toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(d -> rows().size() == 3);
        assertThat(cellTexts(2)).containsExactly("person", "car", "person");
        wait.until(d -> thumbnailsLoaded() == 3);
        assertThat(browser.findElement(By.cssSelector("#cameras [data-id='" + cam + "']")).getText()).contains("online");
        assertThat(browser.findElement(By.id("token-form")).isDisplayed()).as("token asked for without need").isFalse();
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        screenshot("alerts");

        browser.findElement(By.id("f-label")).sendKeys("person");
        browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
        wait.until(d -> rows().size() == 2);
        assertThat(cellTexts(2)).containsOnly("person");

        wait.until(d -> browser.findElement(By.id("live")).getAttribute("class").equals("live"));
        Alert live = newAlert("p3-" + cam, cam, "person", base.plusSeconds(180));
        Alert filteredOut = newAlert("d1-" + cam, cam, "dog", base.plusSeconds(200));
        f.send(live, filteredOut);
        f.sendRaw(f.config.snapshotsTopic(), live.id(), jpeg);
        wait.until(d -> rows().size() == 3 && rows().get(0).getAttribute("data-id").equals(live.id()));
        wait.until(d -> thumbnailsLoaded() == 3);
        assertThat(cellTexts(2)).containsOnly("person");
        screenshot("live");

        rows().get(0).click();
        wait.until(d -> browser.findElement(By.id("details")).isDisplayed());
        assertThat(browser.findElement(By.id("d-title")).getText()).contains("person").contains(cam);
        assertThat(browser.findElements(By.cssSelector("#d-events tbody tr"))).hasSize(1);
        screenshot("details");
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#alerts tbody tr"));
    }

    private List<String> cellTexts(int column) {
        return rows().stream().map(r -> r.findElements(By.tagName("td")).get(column).getText()).toList();
    }

    private long thumbnailsLoaded() {
        Object n = ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#alerts img.thumb')].filter(i => i.complete && i.naturalWidth > 0).length");
        return ((Number) n).longValue();
    }

    private void screenshot(String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve("web-page-" + name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
