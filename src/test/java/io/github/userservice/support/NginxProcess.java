package io.github.userservice.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real nginx running the shipped configuration: {@code conf/nginx/render.sh} (the script {@code ./run.sh nginx}
 * uses) renders {@code conf/nginx/nginx.conf.template} into a runtime folder, and nginx runs in the foreground
 * from there ({@code nginx -p DIR -c DIR/nginx.conf -e DIR/error.log}), touching no system file.
 */
public final class NginxProcess implements AutoCloseable {

  private static final Path RENDER = Path.of(System.getProperty("userservice.nginx.render", "conf/nginx/render.sh")).toAbsolutePath();
  // Debian installs nginx in /usr/sbin, which is not on an ordinary user's PATH
  private static final List<String> SBIN = List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin");
  private static final Duration START = Duration.ofSeconds(10);

  private final Process process;
  private final Path dir;

  private NginxProcess(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  /** The nginx executable, from the PATH or the usual sbin folders. */
  public static Optional<Path> binary() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(Stream.of(path.split(File.pathSeparator)), SBIN.stream())
      .filter(folder -> !folder.isEmpty())
      .map(folder -> Path.of(folder, "nginx"))
      .filter(Files::isExecutable)
      .findFirst();
  }

  /**
   * Renders the configuration into {@code dir} and starts nginx, returning once it accepts connections on
   * {@code NGINX_HTTPS_PORT}.
   *
   * @param settings the environment of {@code render.sh}: {@code NGINX_HTTPS_PORT}, {@code NGINX_HTTP_PORT},
   *                 {@code SERVICE_PORT}, {@code NGINX_CERT}, {@code NGINX_KEY}, {@code SERVICE_CERT}
   */
  public static NginxProcess start(Path nginx, Path dir, Map<String, String> settings) throws IOException, InterruptedException {
    render(dir, settings);
    Process process = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
      "-e", dir.resolve("error.log").toString())
      .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    NginxProcess started = new NginxProcess(process, dir);
    started.awaitPort(Integer.parseInt(settings.get("NGINX_HTTPS_PORT")));
    return started;
  }

  /** nginx's error log, and whatever it printed before opening it. */
  public String errorLog() {
    return read(dir.resolve("nginx.out")) + read(dir.resolve("error.log"));
  }

  /**
   * Waits until the access log of the nginx whose runtime folder is {@code dir} has a line containing {@code text}
   * (it is written after the response), and returns it.
   */
  public static String awaitAccessLogLine(Path dir, String text) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(5);
    while (Instant.now().isBefore(deadline)) {
      Optional<String> line = read(dir.resolve("access.log")).lines().filter(l -> l.contains(text)).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("nginx logged no request with '" + text + "':\n" + read(dir.resolve("access.log")));
  }

  /** SIGTERM (nginx's fast shutdown: the master stops its workers), then SIGKILL for anything left. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
  }

  private static void render(Path dir, Map<String, String> settings) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    ProcessBuilder render = new ProcessBuilder("sh", RENDER.toString(), dir.toString())
      .redirectErrorStream(true).redirectOutput(dir.resolve("render.out").toFile());
    render.environment().putAll(settings);
    int exit = render.start().waitFor();
    if (exit != 0) {
      throw new AssertionError("render.sh failed (" + exit + "): " + read(dir.resolve("render.out")));
    }
  }

  private void awaitPort(int port) throws InterruptedException {
    Instant deadline = Instant.now().plus(START);
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        if (!process.isAlive() || Instant.now().isAfter(deadline)) {
          throw new AssertionError("nginx did not start:\n" + errorLog());
        }
        Thread.sleep(50);
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
