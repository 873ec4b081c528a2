package io.github.userservice.bench.load;

import io.github.userservice.support.ProcStat;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The load generator for the hashing routes (POST /user/, POST /login), where a request costs the service tens of
 * milliseconds of Argon2: closed-loop virtual clients, each with its own keep-alive HTTPS connection (as a browser or an
 * app has; not a shared pool, whose connections would carry one client's Retry-After to another) and one request
 * in flight, on ONE event-loop thread (the client shares the 2 cores with the service, so it must stay lean; at
 * these rates it uses a few percent of a core, and it reports its own CPU). Unlike wrk it records the latency of
 * every response by status and by kind, and it can honour {@code Retry-After} like a well-behaved client.
 *
 * <p>Each measurement window prints one JSON line (read by Report) with: successes/s, p50/p95/p99 of the
 * successful responses, statuses, the service's CPU-ms in the window from /proc/PID/stat (so CPU-ms per success),
 * the client's own CPU, the CPU the rest of the machine used meanwhile (other builds: the noise), and the service's
 * peak RSS polled every 100 ms.
 *
 * <pre>
 * java -cp BENCH-CLASSPATH io.github.userservice.bench.load.LoadClient MODE port=P pid=SERVICE_PID key=value...
 *   register  conc=1,4,16,64 reps=3 secs=8 warmup=2 prefix=r registered=FILE   unique logins, 201 expected
 *   login     conc=... users=FILE                                                the pool's logins, 200 expected
 *   mixed     conc=... users=FILE         right password, wrong password and unknown login in turn, per-kind latency
 *   overload  conc=256 secs=30 users=FILE polite=true|false   logins; polite clients wait Retry-After on 503/429
 *   setup     users=FILE count=64 prefix=pool conc=4          registers the pool, writes its logins to FILE
 *   check     users=FILE conc=4 [tokens=FILE]                 logs every login of FILE in once (retrying 503/429)
 *   timeline  conc=8 secs=30 users=FILE                       logins; successes and statuses second by second (around
 *                                                             a node killed meanwhile, say)
 *   burst     count=50 login=distinct|same label=L            registrations sent at once, each on its own connection
 *                                                             (all connected first); one answer each, no retry
 * </pre>
 *
 * <p>{@code api=keycloak realm=R client=C admin-token=T} sends the same load to Keycloak instead ({@link Api}).
 */
public final class LoadClient {

  static final String PASSWORD = "correct horse battery staple 42";
  static final String WRONG_PASSWORD = "wrong horse battery staple 43";

  private final Map<String, String> args;
  private final Vertx vertx;
  private final Context context;
  private final HttpClientAgent client;
  private final int port;
  private final int servicePid;
  private final boolean polite;
  private final Api api;
  private Window window = new Window();
  private final List<VirtualClient> clients = new ArrayList<>();
  private final java.util.Set<String> retried = new java.util.HashSet<>();
  private boolean stopping;
  private int running;
  private volatile long peakRssKiB;
  private volatile boolean sampling;

  private LoadClient(Map<String, String> args, int connections) {
    this.args = args;
    this.port = Integer.parseInt(required("port"));
    this.servicePid = Integer.parseInt(args.getOrDefault("pid", "0"));
    this.polite = Boolean.parseBoolean(args.getOrDefault("polite", "true"));
    this.api = Api.of(args);
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
    this.context = vertx.getOrCreateContext();
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setSsl(true).setTrustAll(true).setVerifyHost(false) // the service's self-signed certificate, on loopback
        .setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setKeepAlive(true).setIdleTimeout(60),
      new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (String arg : Arrays.copyOfRange(argv, 1, argv.length)) {
      int eq = arg.indexOf('=');
      args.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    int[] concurrencies = Arrays.stream(args.getOrDefault("conc", "4").split(",")).mapToInt(Integer::parseInt).toArray();
    LoadClient load = new LoadClient(args, Arrays.stream(concurrencies).max().orElse(4));
    try {
      switch (argv[0]) {
        case "register", "login", "mixed", "overload" -> load.sweep(argv[0], concurrencies);
        case "setup" -> load.setup(concurrencies[0]);
        case "burst" -> load.burst();
        case "timeline" -> load.timeline(concurrencies[0]);
        case "check" -> load.check(concurrencies[0]);
        default -> throw new IllegalArgumentException("unknown mode " + argv[0]);
      }
    } finally {
      load.vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  // ---------------------------------------------------------------------------------------------- timed windows

  /** For each repetition, each concurrency in turn (interleaved, so drift hits them alike): warm up, then measure. */
  private void sweep(String mode, int[] concurrencies) throws Exception {
    int reps = Integer.parseInt(args.getOrDefault("reps", "3"));
    int firstRep = Integer.parseInt(args.getOrDefault("rep", "1")); // when run.sh interleaves one repetition at a time
    double secs = Double.parseDouble(args.getOrDefault("secs", "8"));
    double warmup = Double.parseDouble(args.getOrDefault("warmup", "2"));
    List<String> users = mode.equals("register") ? List.of() : Files.readAllLines(Path.of(required("users")));
    List<String> registered = new ArrayList<>();
    long[] sequence = {0};
    String prefix = args.getOrDefault("prefix", "r") + ProcessHandle.current().pid() + "-";
    Supplier<Req> requests = switch (mode) {
      case "register" -> () -> api.register(prefix + sequence[0]++);
      case "login", "overload" -> () -> api.login(users.get((int) (sequence[0]++ % users.size())), PASSWORD, "ok");
      case "mixed" -> () -> mixed(sequence[0]++, users);
      default -> throw new IllegalArgumentException(mode);
    };
    for (int rep = firstRep; rep < firstRep + reps; rep++) {
      for (int conc : concurrencies) {
        JsonObject result = measure(conc, requests, warmup, secs, registered);
        System.out.println(result.put("section", args.getOrDefault("section", mode)).put("mode", mode)
          .put("label", args.getOrDefault("label", "default")).put("polite", polite).put("conc", conc).put("rep", rep).encode());
      }
    }
    if (args.containsKey("registered")) {
      Files.write(Path.of(args.get("registered")), registered, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }

  private JsonObject measure(int conc, Supplier<Req> requests, double warmup, double secs, List<String> registered) throws Exception {
    onLoop(() -> {
      stopping = false;
      window = new Window();
      clients.clear();
      for (int i = 0; i < conc; i++) {
        running++;
        VirtualClient client = new VirtualClient();
        clients.add(client);
        send(client, requests.get(), requests, registered);
      }
    });
    Thread.sleep((long) (warmup * 1000)); // connections, TLS handshakes, JIT: not measured
    long machine0 = ProcStat.machineBusyTicks();
    long svc0 = processTicks(servicePid);
    Map<String, Long> threads0 = threadTicks(servicePid);
    long self0 = processTicks(0);
    peakRssKiB = 0;
    Thread sampler = startRssSampler();
    Window measured = new Window();
    HealthProbe health = new HealthProbe();
    onLoop(() -> {
      window = measured;
      health.start();
    });
    Thread.sleep((long) (secs * 1000));
    onLoop(() -> {
      long now = System.nanoTime();
      clients.forEach(client -> measured.gap(client.lastSuccessNanos, now)); // a client still waiting at the end
      window = new Window(); // responses from here on are not counted
      stopping = true;
      health.stop();
    });
    double elapsed = (System.nanoTime() - measured.startNanos) / 1e9;
    long svc1 = processTicks(servicePid);
    Map<String, Long> threads1 = threadTicks(servicePid);
    long self1 = processTicks(0);
    long machine1 = ProcStat.machineBusyTicks();
    sampling = false;
    sampler.join();
    awaitStopped();
    JsonObject result = summarize(measured, elapsed, ms(svc1 - svc0), ms(self1 - self0), ms(machine1 - machine0));
    JsonObject byThread = new JsonObject();
    threads1.forEach((group, ticks) -> {
      long spent = ticks - threads0.getOrDefault(group, 0L);
      if (spent > 0) {
        byThread.put(group, ms(spent));
      }
    });
    return result.put("svcThreadsMs", byThread).put("health", health.summary());
  }

  /** GET /health/ready twice a second on a connection of its own, as an orchestrator's probe: its statuses and slowest answer. */
  private final class HealthProbe {
    private final VirtualClient connection = new VirtualClient();
    private final JsonObject statuses = new JsonObject();
    private long timer = -1;
    private double slowestMs;

    void start() {
      timer = vertx.setPeriodic(500, tick -> {
        long start = System.nanoTime();
        connection.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/health/ready"))
          .compose(HttpClientRequest::send).compose(response -> response.body().map(body -> response.statusCode()))
          .onComplete(done -> {
            String status = done.succeeded() ? String.valueOf(done.result()) : "-1";
            statuses.put(status, statuses.getLong(status, 0L) + 1);
            slowestMs = Math.max(slowestMs, (System.nanoTime() - start) / 1e6);
          });
      });
    }

    void stop() {
      vertx.cancelTimer(timer);
    }

    JsonObject summary() {
      return new JsonObject().put("statuses", statuses.copy()).put("slowestMs", round(slowestMs));
    }
  }

  /** One closed-loop virtual client: its own keep-alive connection, made at its first request and after a failure. */
  private final class VirtualClient {
    private HttpClientConnection connection;
    private long lastSuccessNanos = System.nanoTime();

    Future<HttpClientRequest> request(RequestOptions options) {
      Future<HttpClientConnection> ready = connection != null ? Future.succeededFuture(connection)
        : client.connect(new HttpConnectOptions().setHost("127.0.0.1").setPort(port).setSsl(true))
          .onSuccess(made -> connection = made);
      return ready.compose(made -> made.request(options));
    }

    void failed() {
      if (connection != null) {
        connection.close();
        connection = null;
      }
    }
  }

  /** Sends one request; when it is answered, the same virtual client sends its next (or retries after Retry-After). */
  private void send(VirtualClient from, Req req, Supplier<Req> requests, List<String> registered) {
    send(from, req, System.nanoTime(), requests, registered);
  }

  /** @param firstSent when this request was first sent: a resend after Retry-After keeps it */
  private void send(VirtualClient from, Req req, long firstSent, Supplier<Req> requests, List<String> registered) {
    if (stopping) {
      running--;
      return;
    }
    long start = System.nanoTime();
    from.request(req.options())
      .compose(request -> request.send(req.body()))
      .compose(response -> response.body().map(body -> new int[] {response.statusCode(), retryAfter(response.getHeader("Retry-After"))}))
      .onComplete(done -> {
        int status = done.succeeded() ? done.result()[0] : -1; // -1: the connection failed or was reset
        long now = System.nanoTime();
        window.record(req.kind(), status, start, now);
        if (status == expected(req.kind())) {
          window.recordSuccess(req.kind(), firstSent, now);
          window.gap(from.lastSuccessNanos, now);
          from.lastSuccessNanos = now;
        }
        if (status == 201 && registered != null) {
          registered.add(req.login());
        }
        boolean shed = status == 503 || status == 429;
        if (shed && polite) {
          vertx.setTimer(done.result()[1] * 1000L, t -> send(from, req, firstSent, requests, registered)); // the same request again
        } else if (status == -1) {
          from.failed();
          vertx.setTimer(50, t -> send(from, requests.get(), requests, registered)); // no hot loop on a refused connection
        } else {
          send(from, requests.get(), requests, registered);
        }
      });
  }

  private JsonObject summarize(Window w, double secs, double serviceCpuMs, double clientCpuMs, double machineBusyMs) {
    JsonObject statuses = new JsonObject();
    JsonObject kinds = new JsonObject();
    long requests = 0;
    long ok = 0;
    long shed = 0;
    for (Map.Entry<String, Latencies> entry : w.byKindStatus.entrySet()) {
      String[] key = entry.getKey().split(" ");
      int status = Integer.parseInt(key[1]);
      long count = w.counts.get(entry.getKey())[0];
      Latencies latencies = entry.getValue();
      statuses.put(key[1], statuses.getLong(key[1], 0L) + count);
      requests += count;
      if (status == 503 || status == 429) {
        shed += count;
      }
      if (status == expected(key[0])) {
        ok += count;
        kinds.put(key[0], new JsonObject().put("n", count).put("perSec", round(count / secs))
          .put("p50Ms", round(latencies.percentileMs(50))).put("p95Ms", round(latencies.percentileMs(95)))
          .put("p99Ms", round(latencies.percentileMs(99))).put("maxMs", round(latencies.percentileMs(100))));
      }
    }
    // the latency percentiles of the main kind (a registration's 201, a right password's 200) on the top level
    String mainKind = kinds.containsKey("reg") ? "reg" : "ok";
    JsonObject main = kinds.getJsonObject(mainKind, new JsonObject());
    Latencies waited = w.withWaits.getOrDefault(mainKind, new Latencies());
    double cores = secs * 1000;
    return new JsonObject()
      .put("secs", round(secs)).put("requests", requests).put("ok", ok).put("okPerSec", round(main.getLong("n", 0L) / secs))
      .put("p50Ms", main.getDouble("p50Ms")).put("p95Ms", main.getDouble("p95Ms")).put("p99Ms", main.getDouble("p99Ms"))
      .put("p99WithWaitsMs", round(waited.percentileMs(99))).put("longestGapMs", round(w.longestGapNanos / 1e6))
      .put("shed", shed).put("shedShare", requests == 0 ? 0 : round((double) shed / requests))
      .put("statuses", statuses).put("kinds", kinds)
      .put("svcCpuMs", round(serviceCpuMs))
      .put("svcCpuMsPerOk", main.getLong("n", 0L) == 0 ? null : round(serviceCpuMs / main.getLong("n")))
      .put("svcCores", round(serviceCpuMs / cores)).put("clientCores", round(clientCpuMs / cores))
      .put("otherCores", round(Math.max(0, machineBusyMs - serviceCpuMs - clientCpuMs) / cores))
      .put("peakRssMB", round(peakRssKiB / 1024.0)).put("hwmMB", round(status("VmHWM") / 1024.0));
  }

  private static int expected(String kind) {
    return switch (kind) {
      case "ok" -> 200;
      case "reg" -> 201;
      default -> 401; // wrong password, unknown login
    };
  }

  /** Closed-loop logins for secs seconds; per second, the statuses answered in it and the slowest answer. */
  private void timeline(int conc) throws Exception {
    List<String> users = Files.readAllLines(Path.of(required("users")));
    int secs = Integer.parseInt(args.getOrDefault("secs", "30"));
    long[] sequence = {0};
    List<String> registered = new ArrayList<>();
    long start = System.nanoTime();
    Map<Integer, Map<Integer, Integer>> bySecond = new TreeMap<>();
    onLoop(() -> {
      stopping = false;
      window = new Window() {
        @Override
        void record(String kind, int status, long sentNanos, long nowNanos) {
          bySecond.computeIfAbsent((int) ((nowNanos - start) / 1_000_000_000L), s -> new TreeMap<>()).merge(status, 1, Integer::sum);
        }
      };
      for (int i = 0; i < conc; i++) {
        running++;
        send(new VirtualClient(), api.login(users.get((int) (sequence[0]++ % users.size())), PASSWORD, "ok"),
          () -> api.login(users.get((int) (sequence[0]++ % users.size())), PASSWORD, "ok"), registered);
      }
    });
    Thread.sleep(secs * 1000L);
    onLoop(() -> stopping = true);
    awaitStopped();
    JsonObject seconds = new JsonObject();
    bySecond.forEach((second, statuses) -> {
      JsonObject counts = new JsonObject();
      statuses.forEach((status, count) -> counts.put(String.valueOf(status), count));
      seconds.put(String.valueOf(second), counts);
    });
    System.out.println(new JsonObject().put("section", args.getOrDefault("section", "timeline")).put("conc", conc)
      .put("label", args.getOrDefault("label", "default")).put("seconds", seconds).encode());
  }

  // --------------------------------------------------------------------------------------- one-off request lists

  /**
   * A burst: count registrations sent at the same moment, each on a connection of its own made beforehand, distinct
   * logins or one login in alternating case (the canonical login is the same); the statuses and latencies.
   */
  private void burst() throws Exception {
    int count = Integer.parseInt(args.getOrDefault("count", "50"));
    boolean same = args.getOrDefault("login", "distinct").equals("same");
    String prefix = "burst" + ProcessHandle.current().pid() + "-" + (same ? "same" : "distinct");
    List<VirtualClient> clients = new ArrayList<>();
    CountDownLatch connected = new CountDownLatch(count);
    onLoop(() -> {
      for (int i = 0; i < count; i++) {
        VirtualClient client = new VirtualClient();
        clients.add(client);
        client.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/health/live"))
          .compose(HttpClientRequest::send).compose(response -> response.body()).onComplete(done -> connected.countDown());
      }
    });
    connected.await(60, TimeUnit.SECONDS);
    Window burst = new Window();
    CountDownLatch answered = new CountDownLatch(count);
    onLoop(() -> {
      for (int i = 0; i < count; i++) {
        Req req = api.register(same ? (i % 2 == 0 ? prefix : prefix.toUpperCase()) : prefix + "-" + i);
        long start = System.nanoTime();
        clients.get(i).request(req.options())
          .compose(request -> request.send(req.body()))
          .compose(response -> response.body().map(body -> response.statusCode()))
          .onComplete(done -> {
            burst.record("reg", done.succeeded() ? done.result() : -1, start, System.nanoTime());
            answered.countDown();
          });
      }
    });
    answered.await(120, TimeUnit.SECONDS);
    JsonObject statuses = new JsonObject();
    long slowest = 0;
    for (Map.Entry<String, long[]> entry : burst.counts.entrySet()) {
      statuses.put(entry.getKey().split(" ")[1], entry.getValue()[0]);
    }
    for (Latencies latencies : burst.byKindStatus.values()) {
      for (int i = 0; i < latencies.size; i++) {
        slowest = Math.max(slowest, latencies.values[i]);
      }
    }
    System.out.println(new JsonObject().put("section", "burst").put("label", args.getOrDefault("label", "default"))
      .put("login", same ? "same" : "distinct").put("count", count)
      .put("statuses", statuses).put("slowestMs", round(slowest / 1e6)).encode());
  }

  /** Registers count users named PREFIX-000... and writes their logins to the users file. */
  private void setup(int conc) throws Exception {
    int count = Integer.parseInt(args.getOrDefault("count", "64"));
    String prefix = args.getOrDefault("prefix", "pool");
    Queue<Req> queue = new ArrayDeque<>();
    for (int i = 0; i < count; i++) {
      queue.add(api.register(String.format("%s-%03d", prefix, i)));
    }
    Map<String, Integer> outcome = runOnce(queue, conc);
    List<String> created = outcome.entrySet().stream().filter(e -> e.getValue() == 201).map(Map.Entry::getKey).sorted().toList();
    Files.write(Path.of(required("users")), created, StandardCharsets.UTF_8);
    System.out.println(new JsonObject().put("section", "setup").put("asked", count).put("created", created.size()).encode());
    if (created.size() != count) {
      throw new IllegalStateException("only " + created.size() + " of " + count + " registrations succeeded: " + outcome);
    }
  }

  /** Logs every login of the users file in once: proof that each registered user is still there and verifies. */
  private void check(int conc) throws Exception {
    List<String> users = Files.readAllLines(Path.of(required("users"))).stream().filter(s -> !s.isBlank()).toList();
    Queue<Req> queue = new ArrayDeque<>();
    users.forEach(user -> queue.add(api.login(user, PASSWORD, "ok")));
    Map<String, Integer> outcome = runOnce(queue, conc);
    long ok = outcome.values().stream().filter(status -> status == 200).count();
    List<String> failed = outcome.entrySet().stream().filter(e -> e.getValue() != 200).map(e -> e.getKey() + ":" + e.getValue()).limit(10).toList();
    System.out.println(new JsonObject().put("section", args.getOrDefault("section", "check")).put("label", args.getOrDefault("label", "default"))
      .put("checked", users.size()).put("ok", ok).put("failedExamples", String.join(" ", failed)).encode());
  }

  /** Sends every request of the queue once with conc clients, retrying 503/429 after Retry-After; login → last status. */
  private Map<String, Integer> runOnce(Queue<Req> queue, int conc) throws Exception {
    Map<String, Integer> outcome = new HashMap<>();
    CountDownLatch finished = new CountDownLatch(conc);
    onLoop(() -> {
      for (int i = 0; i < conc; i++) {
        sendOnce(queue, outcome, finished);
      }
    });
    finished.await();
    return outcome;
  }

  private void sendOnce(Queue<Req> queue, Map<String, Integer> outcome, CountDownLatch finished) {
    Req req = queue.poll();
    if (req == null) {
      finished.countDown();
      return;
    }
    client.request(req.options())
      .compose(request -> request.send(req.body()))
      .compose(response -> response.body().map(body -> {
        if (response.statusCode() == 200 && args.containsKey("tokens")) {
          appendToken(req.login(), body.toJsonObject().getString("accessToken"));
        }
        return new int[] {response.statusCode(), retryAfter(response.getHeader("Retry-After"))};
      }))
      .onComplete(done -> {
        int status = done.succeeded() ? done.result()[0] : -1;
        if (status == 503 || status == 429 || status == -1) {
          queue.add(req); // not answered yet: try again later, politely
          retried.add(req.login());
          vertx.setTimer(status == -1 ? 100 : done.result()[1] * 1000L, t -> sendOnce(queue, outcome, finished));
        } else {
          // a registration resent after a lost answer finds the login taken: by its own first attempt, so it exists
          boolean createdBefore = status == 409 && "reg".equals(req.kind()) && retried.contains(req.login());
          outcome.put(req.login(), createdBefore ? 201 : status);
          sendOnce(queue, outcome, finished);
        }
      });
  }

  private void appendToken(String login, String token) {
    try {
      Files.writeString(Path.of(args.get("tokens")), login + " " + token + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // -------------------------------------------------------------------------------------------------- plumbing

  /** Right password, wrong password, unknown login, in turn: their latencies side by side, under the same load. */
  private Req mixed(long n, List<String> users) {
    String user = users.get((int) (n / 3 % users.size()));
    return switch ((int) (n % 3)) {
      case 0 -> api.login(user, PASSWORD, "ok");
      case 1 -> api.login(user, WRONG_PASSWORD, "wrong");
      default -> api.login("nobody-" + n, PASSWORD, "unknown"); // the same password: only the login differs
    };
  }

  private static int retryAfter(String header) {
    try {
      return header == null ? 1 : Math.max(1, Integer.parseInt(header.trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private void onLoop(Runnable action) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    context.runOnContext(v -> {
      action.run();
      done.countDown();
    });
    done.await();
  }

  private void awaitStopped() throws InterruptedException {
    for (int i = 0; i < 3000; i++) { // 30 s: a request waits at most that long for its answer (service deadline 10 s)
      int[] left = new int[1];
      onLoop(() -> left[0] = running);
      if (left[0] == 0) {
        return;
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("virtual clients still running after 30 s");
  }

  private Thread startRssSampler() {
    sampling = true;
    Thread sampler = new Thread(() -> {
      while (sampling) {
        peakRssKiB = Math.max(peakRssKiB, status("VmRSS"));
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "rss-sampler");
    sampler.setDaemon(true);
    sampler.start();
    return sampler;
  }

  /** A kB field of /proc/SERVICE_PID/status (VmRSS, VmHWM), 0 when there is no service pid. */
  private long status(String field) {
    return servicePid == 0 ? 0 : ProcStat.statusKiB(servicePid, field);
  }

  /** utime + stime in clock ticks; pid 0 is this client. */
  private static long processTicks(long pid) {
    return ProcStat.cpuTicks(pid == 0 ? ProcessHandle.current().pid() : pid);
  }

  /** The service's thread CPU by kind of thread; none when there is no service pid. */
  private static Map<String, Long> threadTicks(long pid) {
    return pid == 0 ? Map.of() : ProcStat.threadTicks(pid);
  }

  private static double ms(long ticks) {
    return ProcStat.ticksToMs(ticks);
  }

  private String required(String key) {
    String value = args.get(key);
    if (value == null) {
      throw new IllegalArgumentException("missing argument " + key + "=");
    }
    return value;
  }

  /** Three decimals; null (JSON has no NaN) for a percentile of nothing. */
  private static Double round(double value) {
    return Double.isNaN(value) ? null : Math.round(value * 1000) / 1000.0;
  }
}
