package io.github.userservice.support;

import io.github.userservice.cluster.ClusterCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a test cluster: the packaged jar started with {@code -cluster} in a folder of its own, its settings
 * given as {@code USER_SERVICE_*} overrides, as an operator gives each node its own, and a management port for its
 * readiness and its meters. Its event-bus certificate is {@code certs/NAME.crt} of the cluster's folder. It runs on
 * loopback, or on a {@link Host} of its own (a network namespace), where everything it serves binds that address.
 */
public final class ClusterNode implements AutoCloseable {

  /**
   * Where a node runs: the address it binds and is reached at, and the command that starts programs there.
   *
   * @param launcher e.g. {@code ip netns exec NAME}; empty on this host
   */
  public record Host(String address, List<String> launcher) {

    public static final Host LOOPBACK = new Host("127.0.0.1", List.of());

    public boolean loopback() {
      return launcher.isEmpty();
    }
  }

  private final String name;
  private final Host host;
  private final Path dir;
  private final Map<String, String> environment;
  private final List<String> args;
  private final int httpsPort;
  private final int managementPort;
  private final List<String> prefix;
  private final List<String> jvmOptions;
  private final WebClient client;
  private ServiceProcess process;

  private ClusterNode(String name, Host host, Path dir, Map<String, String> environment, List<String> args, int httpsPort,
                      int managementPort, List<String> prefix, List<String> jvmOptions, Vertx vertx) {
    this.name = name;
    this.host = host;
    this.prefix = List.copyOf(prefix);
    this.jvmOptions = List.copyOf(jvmOptions);
    this.dir = dir;
    this.environment = environment;
    this.args = args;
    this.httpsPort = httpsPort;
    this.managementPort = managementPort;
    this.client = WebClient.create(vertx);
  }

  /**
   * @param certs    the cluster's certificate folder: {@code ca.crt}, {@code NAME.crt}, {@code NAME.key}
   * @param members  every member's {@code host:port}
   * @param settings more overrides, e.g. small Argon2 parameters
   * @param args     more arguments after {@code -cluster}, e.g. {@code -conf FILE}
   */
  public static ClusterNode start(Vertx vertx, Path clusterDir, Path certs, String name, String roles, int hazelcastPort, String members,
                                  Map<String, String> settings, String... args) {
    return start(vertx, clusterDir, certs, name, roles, Host.LOOPBACK, hazelcastPort, members, settings, List.of(), List.of(), args);
  }

  /** The same on a host of its own: Hazelcast, the bus, HTTPS and management all bind its address. */
  public static ClusterNode start(Vertx vertx, Path clusterDir, Path certs, String name, String roles, Host host, int hazelcastPort,
                                  String members, Map<String, String> settings) {
    return start(vertx, clusterDir, certs, name, roles, host, hazelcastPort, members, settings, List.of(), List.of());
  }

  /**
   * The same with JVM options (the benchmark gives those of conf/jvm.options) and a command prefix, e.g.
   * {@code taskset -c 0} to pin the node to a core.
   */
  public static ClusterNode start(Vertx vertx, Path clusterDir, Path certs, String name, String roles, Host host, int hazelcastPort,
                                  String members, Map<String, String> settings, List<String> prefix, List<String> jvmOptions,
                                  String... args) {
    Path dir = clusterDir.resolve(name);
    Map<String, String> environment = new HashMap<>(settings);
    int httpsPort = FreePorts.next();
    int managementPort = FreePorts.next();
    environment.putAll(Map.of(
      "USER_SERVICE_CLUSTER_ROLES", roles,
      "USER_SERVICE_CLUSTER_PORT", String.valueOf(hazelcastPort),
      "USER_SERVICE_CLUSTER_BUS_PORT", String.valueOf(FreePorts.next()),
      "USER_SERVICE_CLUSTER_MEMBERS", members,
      "USER_SERVICE_CLUSTER_CERT_PATH", certs.resolve(name + ".crt").toString(),
      "USER_SERVICE_CLUSTER_KEY_PATH", certs.resolve(name + ".key").toString(),
      "USER_SERVICE_CLUSTER_CA_PATH", certs.resolve("ca.crt").toString(),
      "USER_SERVICE_HTTP_HOST", host.address(),
      "USER_SERVICE_HTTP_PORT", String.valueOf(httpsPort),
      "USER_SERVICE_MANAGEMENT_PORT", String.valueOf(managementPort)));
    if (!host.loopback()) {
      environment.putAll(Map.of(
        "USER_SERVICE_CLUSTER_HOST", host.address(),
        "USER_SERVICE_MANAGEMENT_HOST", host.address()));
    }
    ClusterNode node = new ClusterNode(name, host, dir, Map.copyOf(environment), List.of(args), httpsPort, managementPort, prefix,
      jvmOptions, vertx);
    node.start();
    return node;
  }

  /** Starts the process (again, after a kill: same folder, same ports). */
  public void start() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> launcher = new ArrayList<>(host.launcher());
    launcher.addAll(prefix);
    List<String> command = new ArrayList<>(List.of("-cluster"));
    command.addAll(args);
    process = ServiceProcess.start(dir, environment, launcher, jvmOptions, command.toArray(String[]::new));
  }

  /** A CA for a cluster's event bus in {@code certs} (made once) and a certificate and key per node name. */
  public static void certificates(Path certs, String... names) {
    ClusterCertificates.make(certs, List.of(names), made -> { });
  }

  public String name() {
    return name;
  }

  public Host host() {
    return host;
  }

  /** {@code http://ADDRESS:PORT/health/ready} of its management port. */
  public String readinessUrl() {
    return "http://" + host.address() + ":" + managementPort + "/health/ready";
  }

  public int httpsPort() {
    return httpsPort;
  }

  /** Trust for this edge's self-signed HTTPS certificate, made at its first start. */
  public PemTrustOptions trust() {
    return new PemTrustOptions().addCertPath(dir.resolve("certs/server.crt").toString());
  }

  public ServiceProcess process() {
    return process;
  }

  /** Waits until the node's readiness answers 200, or fails with its last answer and its log. */
  public void awaitReady(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<Buffer> ready = readiness();
        if (ready.statusCode() == 200) {
          return;
        }
        last = ready.bodyAsString();
      } catch (Exception notListening) { // not listening yet: await rethrows the connection failure as it came
        last = notListening.toString();
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(name + " is not ready (" + last + "):\n" + process.log());
  }

  /** {@code GET /health/ready} on the management port. */
  public HttpResponse<Buffer> readiness() {
    return client.get(managementPort, host.address(), "/health/ready").send().await();
  }

  /** The sum of a Prometheus counter's samples whose line contains every part, e.g. {@code operation="verify"}. */
  public double meter(String name, String... parts) {
    String metrics = client.get(managementPort, host.address(), "/metrics").send().await().bodyAsString();
    double sum = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name) && java.util.Arrays.stream(parts).allMatch(line::contains)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** kill -9. */
  public void kill() throws InterruptedException {
    process.kill();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.close();
    }
  }

  @Override
  public String toString() {
    return name + new JsonObject().put("https", httpsPort).put("management", managementPort).encode();
  }
}
