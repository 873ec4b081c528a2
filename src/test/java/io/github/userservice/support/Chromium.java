package io.github.userservice.support;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Headless Chromium for tests that need a real browser: Debian's {@code /usr/bin/chromium}, which
 * {@code ./run.sh test} installs. It accepts the tests' self-signed certificates ({@code --ignore-certificate-errors})
 * and keeps its profile in a folder of the test's. Two ways to use it: {@link #dumpDom} prints a page's DOM once its
 * scripts have run; {@link #launch} starts a browser driven over the DevTools protocol, whose {@link Page}s evaluate
 * JavaScript and wait for conditions.
 *
 * <p>Test classes using it skip on request, as {@code DocsBrowserIT} does ({@code -DskipBrowser=true},
 * {@code SKIP_BROWSER_TESTS=1}); otherwise {@link #requireInstalled()} fails when the browser is missing.
 */
public final class Chromium implements AutoCloseable {

  public static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();

  private Chromium(Process process, WebSocket.Builder sockets, URI browser) {
    this.process = process;
    this.socket = sockets.buildAsync(browser, new Replies()).join();
  }

  /** Fails the test, saying how to install or skip, when Chromium is not there. */
  public static void requireInstalled() {
    if (!Files.isExecutable(EXECUTABLE)) {
      fail("chromium is not installed: run ./run.sh test, which installs it (-DskipBrowser=true skips browser tests)");
    }
  }

  /** The rendered DOM after the page's scripts ran (and fetched what they fetch) within a virtual time budget. */
  public static String dumpDom(String url, Path profile) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(flags(profile));
    command.addAll(List.of("--ignore-certificate-errors", "--virtual-time-budget=20000", "--dump-dom", url));
    Process chromium = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    // read beside the wait, so that a browser that never ends fails the test instead of hanging it
    CompletableFuture<byte[]> dom = CompletableFuture.supplyAsync(() -> {
      try (InputStream out = chromium.getInputStream()) {
        return out.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    if (!chromium.waitFor(60, TimeUnit.SECONDS)) {
      chromium.destroyForcibly();
      fail("chromium did not finish");
    }
    try {
      return new String(dom.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("chromium's output could not be read", e);
    }
  }

  /** Starts a browser with a DevTools endpoint on a free loopback port; close it when done. */
  public static Chromium launch(Path profile) throws IOException, InterruptedException {
    return launch(profile, List.of("--ignore-certificate-errors"));
  }

  /**
   * A browser with these flags beside the usual ones, e.g. {@code --ignore-certificate-errors-spki-list=...}: WebAuthn
   * refuses pages with certificate errors, so a page that uses it must trust the test certificate rather than ignore it.
   */
  public static Chromium launch(Path profile, List<String> trust) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(flags(profile));
    command.addAll(trust);
    command.addAll(List.of("--remote-debugging-port=0", "about:blank"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
      .redirectOutput(profile.resolve("chromium.log").toFile()).start();
    // Chromium writes the port it picked, then the browser's path, into the profile once it listens
    Path activePort = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    List<String> lines = List.of();
    while (lines.size() < 2 && System.nanoTime() < deadline && process.isAlive()) {
      Thread.sleep(50);
      lines = Files.exists(activePort) ? Files.readAllLines(activePort) : List.of();
    }
    if (lines.size() < 2) {
      process.destroyForcibly();
      fail("chromium did not open its DevTools port; its output: " + Files.readString(profile.resolve("chromium.log")));
    }
    URI browser = URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
    return new Chromium(process, HttpClient.newHttpClient().newWebSocketBuilder(), browser);
  }

  /** Opens a new tab on this URL and waits until its document has loaded. */
  public Page open(String url) {
    String target = call(null, "Target.createTarget", new JsonObject().put("url", url)).getString("targetId");
    String session = call(null, "Target.attachToTarget", new JsonObject().put("targetId", target).put("flatten", true))
      .getString("sessionId");
    Page page = new Page(session);
    page.waitFor("location.href !== 'about:blank' && document.readyState === 'complete'", STEP_TIMEOUT);
    return page;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      try {
        call(null, "Browser.close", new JsonObject());
      } catch (AssertionError noAnswer) {
        // the process is ended below either way
      }
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    socket.abort();
  }

  /** A tab of this browser. */
  public final class Page {

    private final String session;

    private Page(String session) {
      this.session = session;
    }

    /**
     * The value of a JavaScript expression evaluated in the page (a promise is awaited): a string, number, boolean,
     * {@link JsonObject}, {@link io.vertx.core.json.JsonArray} or null. A thrown error fails the test with its text.
     */
    public Object evaluate(String expression) {
      JsonObject reply = call(session, "Runtime.evaluate", new JsonObject().put("expression", expression)
        .put("awaitPromise", true).put("returnByValue", true));
      if (reply.containsKey("exceptionDetails")) {
        JsonObject details = reply.getJsonObject("exceptionDetails");
        JsonObject exception = details.getJsonObject("exception", new JsonObject());
        fail("the page threw: " + exception.getString("description", details.getString("text")));
      }
      return reply.getJsonObject("result").getValue("value");
    }

    /** A DevTools command for this tab (e.g. {@code WebAuthn.addVirtualAuthenticator}) and its result. */
    public JsonObject devtools(String method, JsonObject params) {
      return Chromium.this.call(session, method, params);
    }

    /** Waits until the expression is true in the page, polling. */
    public void waitFor(String condition, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!Boolean.TRUE.equals(evaluate("Boolean(" + condition + ")"))) {
        if (System.nanoTime() > deadline) {
          fail("the page never reached: " + condition);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          fail("interrupted while waiting for: " + condition);
        }
      }
    }
  }

  private static List<String> flags(Path profile) {
    return List.of(EXECUTABLE.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-sync", "--user-data-dir=" + profile);
  }

  /** One DevTools command and its result; a protocol error or no answer in time fails the test. */
  private JsonObject call(String session, String method, JsonObject params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    pending.put(id, reply);
    JsonObject command = new JsonObject().put("id", id).put("method", method).put("params", params);
    if (session != null) {
      command.put("sessionId", session);
    }
    // the socket takes one message at a time: callers may be on several threads
    synchronized (socket) {
      socket.sendText(command.encode(), true).join();
    }
    try {
      JsonObject answer = reply.get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (answer.containsKey("error")) {
        throw new AssertionError(method + " failed: " + answer.getJsonObject("error").encode());
      }
      return answer.getJsonObject("result", new JsonObject());
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError(method + " got no answer from chromium", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted during " + method, e);
    } finally {
      pending.remove(id);
    }
  }

  /** Hands each answer to the command waiting for it; events, which carry no id, are not needed here. */
  private final class Replies implements WebSocket.Listener {

    private final StringBuilder message = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        JsonObject json = new JsonObject(message.toString());
        message.setLength(0);
        CompletableFuture<JsonObject> reply = json.containsKey("id") ? pending.get(json.getInteger("id")) : null;
        if (reply != null) {
          reply.complete(json);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
