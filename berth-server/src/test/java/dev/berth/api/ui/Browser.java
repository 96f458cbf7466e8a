package dev.berth.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver: no browser or driver
 * download (Selenium Manager is never asked: the driver and browser paths are both given), a fresh
 * profile under a temporary directory, and no background network traffic. A missing browser fails
 * the test; it does not skip it.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
  static final int WIDE = 1280;
  static final int NARROW = 390;

  /**
   * Screenshots use chromedriver's own CDP endpoint, so Selenium's CDP bindings (which warn that
   * none matches Debian's Chromium version) are not needed; the logger is held so the level stays.
   */
  private static final java.util.logging.Logger SELENIUM_LOG =
      java.util.logging.Logger.getLogger("org.openqa.selenium");

  final ChromeDriver driver;
  private final URI base;

  private Browser(ChromeDriver driver, URI base) {
    this.driver = driver;
    this.base = base;
  }

  /** Closes what a test started, whichever of the two it got to. */
  static void stop(@Nullable Browser browser, @Nullable TestNode node) {
    if (browser != null) {
      browser.close();
    }
    if (node != null) {
      node.close();
    }
  }

  /** Signs in as the root user from the start page and waits for the repository list. */
  void signInAsRoot() {
    open("/ui/");
    waitFor(d -> path().equals("/ui/sign-in"));
    signIn(TestNode.ROOT_ACCESS_KEY_ID, TestNode.ROOT_SECRET_ACCESS_KEY);
    waitForPath("/ui/repositories");
  }

  static Browser start(URI base, Path profile) {
    return start(base, profile, Map.of());
  }

  /**
   * A browser whose chromedriver (and so Chromium) runs with {@code environment} added to this
   * process's, e.g. a {@code HOME} whose {@code .pki/nssdb} trusts a test CA (issue 11).
   */
  static Browser start(URI base, Path profile, Map<String, String> environment) {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as(
            "the browser tests need Debian's chromium and chromium-driver"
                + " (./berth test installs them): /usr/bin/chromium and /usr/bin/chromedriver")
        .isTrue();
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-domain-reliability",
        "--no-first-run",
        "--no-default-browser-check",
        "--metrics-recording-only",
        "--window-size=" + WIDE + ",900",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withEnvironment(environment)
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new Browser(driver, base);
  }

  void open(String path) {
    driver.get(base.resolve(path).toString());
  }

  String path() {
    return URI.create(driver.getCurrentUrl()).getPath();
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  String text(String css) {
    return find(css).getText();
  }

  /** Waits for the condition; on a time-out the page's source is kept beside the screenshots. */
  <T> T waitFor(Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, Duration.ofSeconds(15)).until(condition);
    } catch (org.openqa.selenium.TimeoutException e) {
      try {
        Files.createDirectories(SCREENSHOTS);
        Files.writeString(
            SCREENSHOTS.resolve("timed-out-" + System.nanoTime() + ".html"),
            driver.getCurrentUrl() + "\n" + driver.getPageSource());
      } catch (IOException io) {
        e.addSuppressed(io);
      }
      throw e;
    }
  }

  /** Waits until the page at {@code path} has loaded. */
  void waitForPath(String path) {
    waitFor(d -> path().equals(path) && "complete".equals(js("return document.readyState")));
  }

  Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  void signIn(String keyId, String secret) {
    open("/ui/sign-in");
    find("#accessKeyId").sendKeys(keyId);
    find("#secretAccessKey").sendKeys(secret);
    find("form button[type=submit]").click();
    waitFor(d -> !path().equals("/ui/sign-in") || !all(".notice.error").isEmpty());
  }

  /** The current session's CSRF token, as the sign-out form carries it. */
  String csrf() {
    return String.valueOf(
        find("form[action='/ui/sign-out'] input[name=_csrf]").getAttribute("value"));
  }

  /**
   * POSTs a form from inside the page (same origin, the session cookie goes along) and returns the
   * status (303 for any redirect, which fetch hides), as a forged request from a signed-in browser
   * would.
   */
  long post(String path, Map<String, String> fields) {
    StringBuilder body = new StringBuilder();
    fields.forEach(
        (k, v) ->
            body.append(body.length() == 0 ? "" : "&")
                .append(java.net.URLEncoder.encode(k, java.nio.charset.StandardCharsets.UTF_8))
                .append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
    Object status =
        driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {method: 'POST', credentials: 'same-origin', redirect:"
                + " 'manual', headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                + " body: arguments[1]}).then(r => done(r.type === 'opaqueredirect' ? 303 : r.status),"
                + " e => done(-1));",
            path,
            body.toString());
    return ((Number) status).longValue();
  }

  /** Saves a full-page screenshot at both widths under target/ui-screenshots. */
  void screenshots(String name) {
    screenshot(name, WIDE);
    screenshot(name, NARROW);
  }

  void screenshot(String name, int width) {
    metrics(width, 900);
    Number height =
        (Number)
            js(
                "return Math.max(document.documentElement.scrollHeight,"
                    + " document.body ? document.body.scrollHeight : 0)");
    metrics(width, Math.min(6000, Math.max(600, height.intValue())));
    Map<String, Object> shot =
        driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(
          SCREENSHOTS.resolve(name + "-" + width + ".png"),
          Base64.getDecoder().decode((String) shot.get("data")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  private void metrics(int width, int height) {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
