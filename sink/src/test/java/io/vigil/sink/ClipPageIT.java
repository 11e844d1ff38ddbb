package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.common.Alert;
import io.vigil.common.RecordingSegment;
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
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The event clip and the timeline in Debian's headless Chromium (Selenium, Debian's chromedriver): Debian's
 * Chromium plays H.264 (canPlayType "probably"), so the clip is the camera's own H.264, not a fallback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClipPageIT {
    @TempDir Path dir;
    private TestDatabase database;
    private SinkFixture f;
    private ChromeDriver browser;
    private final String cam = "porch-" + UUID.randomUUID().toString().substring(0, 6);
    private final Instant base = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    void start() throws Exception {
        browser = HeadlessChromium.start("--autoplay-policy=no-user-gesture-required");
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
    void anAlertsClipPlaysInItsDetailsAndTheTimelinePlaysFromAClickedMoment() throws Exception {
        List<RecordingSegment> segments = Recorded.segments(dir.resolve("segments"), cam, base, 30, 5);
        segments.forEach(s -> Recorded.announce(f, s));
        // start - pre_capture (5 s) = 8.5 s, half a second after the keyframe at 8 s: the clip starts there
        Instant start = base.plusMillis(13_500);
        Instant end = base.plusMillis(19_000);
        Alert first = SinkFixture.newAlert("p-" + cam, cam, "person", start);
        f.send(first, new Alert(Alert.END, first.id(), cam, "person", 0.8, 0.9, first.box(), end, 768, 576, List.of(),
                start, end, 1));
        f.sendRaw(f.config.cameraStatusTopic(), cam, "{\"state\":\"online\",\"fps\":5.0}".getBytes());
        Alert ongoing = SinkFixture.newAlert("live-" + cam, cam, "person", Instant.now().minusSeconds(3));
        f.send(ongoing);
        f.sendRaw(f.framesTopic, cam, Files.readAllBytes(Path.of("..", "samples", "images", "person.jpg")));
        f.awaitStored();

        browser.get(f.uri("/").toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        // the live view: the camera's tile shows its latest frame, its status and its active alert
        String tile = "#tiles [data-id='" + cam + "']";
        wait.until(d -> number("const i = document.querySelector(\"" + tile + " img\"); return i ? i.naturalWidth : 0") > 0);
        assertThat(browser.findElement(By.cssSelector(tile + " .status")).getText()).contains("online");
        wait.until(d -> browser.findElement(By.cssSelector(tile + " .alerts")).getText().equals("1 active"));
        screenshot("live");
        wait.until(d -> !browser.findElements(By.cssSelector("#alerts tbody tr[data-id='" + first.id() + "']")).isEmpty());
        browser.findElement(By.cssSelector("#alerts tbody tr[data-id='" + first.id() + "']")).click();
        wait.until(d -> browser.findElement(By.id("d-clip")).isDisplayed());
        wait.until(d -> number("return document.getElementById('d-clip').readyState") >= 1);
        double expected = Duration.between(start, end).toMillis() / 1000.0 + 5 + 5;
        assertThat(number("return document.getElementById('d-clip').duration")).isCloseTo(expected, org.assertj.core.data.Offset.offset(1.0));
        assertThat(number("return document.getElementById('d-clip').error ? 1 : 0")).isZero();
        js("document.getElementById('d-clip').play()");
        wait.until(d -> number("return document.getElementById('d-clip').currentTime") > 1.0);
        assertThat(number("return document.getElementById('d-clip').videoWidth")).isEqualTo(768);
        screenshot("clip");
        js("document.getElementById('details').close()");

        browser.findElement(By.cssSelector(tile)).click();
        wait.until(d -> browser.findElements(By.cssSelector("#t-bar .span")).size() == segments.size());
        assertThat(browser.findElements(By.cssSelector("#t-bar .mark[data-id='" + first.id() + "']"))).hasSize(1);
        // a click at 60 % of the bar plays the recording from there
        js("const b = document.getElementById('t-bar').getBoundingClientRect();"
                + "document.getElementById('t-bar').dispatchEvent(new MouseEvent('click', {clientX: b.left + b.width * 0.6, clientY: b.top + 5, bubbles: true}))");
        wait.until(d -> number("return document.getElementById('t-video').currentTime") > 1.0);
        String src = (String) ((JavascriptExecutor) browser).executeScript("return document.getElementById('t-video').src");
        Instant from = Instant.parse(java.net.URLDecoder.decode(src.replaceAll(".*from=([^&]+).*", "$1"), "UTF-8"));
        double total = Duration.between(segments.get(0).start(), segments.get(segments.size() - 1).end()).toMillis() / 1000.0;
        assertThat(Duration.between(base, from).toMillis() / 1000.0).isCloseTo(0.6 * total, org.assertj.core.data.Offset.offset(0.5));
        screenshot("timeline");
    }

    private double number(String script) {
        Object v = ((JavascriptExecutor) browser).executeScript(script);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    private void js(String script) {
        ((JavascriptExecutor) browser).executeScript(script);
    }

    private void screenshot(String name) throws Exception {
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        Files.write(out.resolve("clip-page-" + name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
