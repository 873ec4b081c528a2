package io.github.userservice.bench;

import io.github.userservice.support.FreePorts;
import io.github.userservice.support.ProcStat;
import io.github.userservice.support.ServiceProcess;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One service process under test, on loopback: its config written into a folder of its own in the workspace (every
 * path inside it), started as {@link Launch} says, ready when its readiness route first answers 200.
 */
final class Service implements AutoCloseable {

  /** What to start: a folder name, the Argon2 parameters, the "db" section (null: SQLite in the folder), and more. */
  record Spec(String name, JsonObject argon2, JsonObject db, Launch launch, String extraJavaOpts, Integer maxQueueWaitMs) {
    Spec(String name, JsonObject argon2) {
      this(name, argon2, null, Launch.RUN_SH, "", null);
    }

    Spec on(JsonObject database) {
      return new Spec(name, argon2, database, launch, extraJavaOpts, maxQueueWaitMs);
    }

    Spec launchedBy(Launch how) {
      return new Spec(name, argon2, db, how, extraJavaOpts, maxQueueWaitMs);
    }

    /** JVM options after JAVA_OPTS, and worker.maxQueueWaitMs: the cluster's single node matches its nodes' settings. */
    Spec tuned(String javaOpts, int queueWaitMs) {
      return new Spec(name, argon2, db, launch, javaOpts, queueWaitMs);
    }
  }

  static final String PASSWORD = "correct horse battery staple 42"; // LoadClient's

  private static volatile String readyPath = "/health/ready";

  final Spec spec;
  final Path dir;
  final int port;
  final double readySecs;
  private final Workspace workspace;
  private final ServiceProcess process;
  private final WebClient client;

  private Service(Workspace workspace, Spec spec, Path dir, int port) {
    this.workspace = workspace;
    this.spec = spec;
    this.dir = dir;
    this.port = port;
    this.client = WebClient.create(workspace.vertx, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
      .setDefaultHost("127.0.0.1").setDefaultPort(port));
    Map<String, String> environment = new HashMap<>(spec.launch().environment());
    if (!spec.extraJavaOpts().isBlank()) {
      environment.put("JAVA_OPTS", String.join(" ", JvmOptions.javaOpts()) + " " + spec.extraJavaOpts());
    }
    long start = System.nanoTime();
    this.process = workspace.register(ServiceProcess.script(dir, environment,
      spec.launch().command(workspace.repo, dir.resolve("config.json")).toArray(String[]::new)));
    awaitReady();
    this.readySecs = (System.nanoTime() - start) / 1e9;
  }

  /** A fresh folder (a new database, certificate and keys) and a free port. */
  static Service start(Workspace workspace, Spec spec) {
    Path dir = workspace.work.resolve(spec.name());
    deleteFolder(dir);
    dir = workspace.dir(spec.name());
    int port = FreePorts.next();
    writeConfig(dir, port, spec);
    return new Service(workspace, spec, dir, port);
  }

  /** The same folder and port again, as an operator restarts a service. */
  Service restart() {
    stop();
    return new Service(workspace, spec, dir, port);
  }

  /** The readiness route polled: /health/ready, or /health on a build that has no /health/ready. */
  static String readyPath() {
    return readyPath;
  }

  long pid() {
    return process.pid();
  }

  String base() {
    return "https://127.0.0.1:" + port;
  }

  Path database() {
    return dir.resolve("data/users.db");
  }

  double rssMB() {
    return ProcStat.rssMB(pid());
  }

  double hwmMB() {
    return ProcStat.statusKiB(pid(), "VmHWM") / 1024.0;
  }

  WebClient client() {
    return client;
  }

  HttpResponse<Buffer> post(String path, JsonObject body) {
    return client.post(path).sendJsonObject(body).await();
  }

  /** Registers a login with the bench's password (201, or 409 when it exists) and returns an access token for it. */
  String token(String login) {
    JsonObject credentials = new JsonObject().put("login", login).put("password", PASSWORD);
    post("/user/", credentials);
    HttpResponse<Buffer> answer = post("/login", credentials);
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(login + " could not log in: " + answer.statusCode() + " " + answer.bodyAsString());
    }
    return answer.bodyAsJsonObject().getString("accessToken");
  }

  void stop() {
    try {
      process.terminate();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workspace.closed(process);
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Polls cheaply: the port every 10 ms, then HTTPS every 50 ms (each attempt costs the cold service a request). Older
   * builds have only /health (the same checks), which is used instead. Up to 5 minutes: the first ./run.sh after a
   * build records its class archive first (on JDK 25 an AOT cache, a training run of its own), slow on busy cores.
   */
  private void awaitReady() {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the service " + spec.name() + " exited while starting:\n" + tail(process.log()));
      }
      if (listening()) {
        try {
          int status = client.get(readyPath).send().await().statusCode();
          if (status == 200) {
            return;
          }
          if (status == 404 && readyPath.equals("/health/ready")) {
            readyPath = "/health";
            continue;
          }
        } catch (Exception notYet) {
          // listening, but not answering yet
        }
        sleep(40);
      }
      sleep(10);
    }
    throw new IllegalStateException("the service " + spec.name() + " did not become ready in 5 minutes:\n" + tail(process.log()));
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 50);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  /**
   * The config: loopback, every path in the folder, an admin for the store-scale lookups, and throttling relaxed so that
   * repeated wrong passwords and the registrations of one client address measure hashing, not 429s (the report says
   * so). BENCH_* settings applied.
   */
  private static void writeConfig(Path dir, int port, Spec spec) {
    JsonObject http = new JsonObject().put("host", "127.0.0.1").put("port", port);
    env("BENCH_HTTP_INSTANCES").ifPresent(n -> http.put("instances", Integer.parseInt(n)));
    JsonObject worker = new JsonObject();
    env("BENCH_WORKERS").ifPresent(n -> worker.put("instances", Integer.parseInt(n)));
    env("BENCH_MAX_QUEUE_WAIT_MS").ifPresent(n -> worker.put("maxQueueWaitMs", Integer.parseInt(n)));
    if (spec.maxQueueWaitMs() != null) {
      worker.put("maxQueueWaitMs", spec.maxQueueWaitMs());
    }
    JsonObject config = new JsonObject()
      .put("http", http)
      .put("tls", new JsonObject().put("certPath", dir.resolve("certs/server.crt").toString()).put("keyPath", dir.resolve("certs/server.key").toString()))
      .put("db", spec.db() != null ? spec.db() : new JsonObject().put("path", dir.resolve("data/users.db").toString()))
      .put("tokens", new JsonObject().put("keysPath", dir.resolve("data/jwt-keys.json").toString()))
      .put("argon2", spec.argon2())
      .put("throttle", new JsonObject().put("accountBackoffAfterFailures", 1000).put("addressFailuresPerMinute", 1_000_000)
        .put("registrationsPerAddressPerHour", 0))
      .put("admins", new io.vertx.core.json.JsonArray().add("bench-admin"))
      .put("worker", worker);
    try {
      Files.createDirectories(dir.resolve("certs"));
      Files.writeString(dir.resolve("config.json"), config.encodePrettily());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static java.util.Optional<String> env(String name) {
    return java.util.Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
  }

  static JsonObject argon2(int memoryKiB, int iterations, int parallelism) {
    return new JsonObject().put("memoryKiB", memoryKiB).put("iterations", iterations).put("parallelism", parallelism);
  }

  private static String tail(String log) {
    String[] lines = log.split("\n");
    return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 10), lines.length));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteFolder(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
