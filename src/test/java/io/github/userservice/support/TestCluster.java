package io.github.userservice.support;

import io.github.userservice.cluster.ClusterCertificates;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A cluster of the packaged jar's processes for one test class, on loopback: a CA and a certificate per node (and
 * per spare name, for nodes a test starts later), a member list of free ports, a cluster name of its own, small Argon2
 * parameters and one admin, every node ready before the first test, and the admin registered through the first edge.
 * Or the same with each node in a network namespace of its own ({@link #startIn}). Closed in reverse order of start.
 */
public final class TestCluster implements AutoCloseable {

  /** The one password of the test users. */
  public static final String PASSWORD = "a password only this test knows";
  public static final String ADMIN = "root@example.com";
  // five JVMs starting at once on two shared cores have needed close to two minutes
  private static final Duration START = Duration.ofSeconds(180);

  /** Hazelcast's port on a host of its own, where nothing else binds it. */
  private static final int HAZELCAST_PORT = 5701;

  private final Vertx vertx = Vertx.vertx();
  private final Path dir;
  private final Path certs;
  private final Function<String, ClusterNode.Host> placement;
  private final Map<String, String> settings;
  private final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
  private String members;

  private TestCluster(Path dir, Function<String, ClusterNode.Host> placement, Map<String, String> settings) {
    this.dir = dir;
    this.certs = dir.resolve("certs");
    this.placement = placement;
    this.settings = settings;
  }

  /**
   * @param roles    node name → its roles ({@code "store,hasher"}), in the order they start; the names with
   *                 {@code edge} in their roles serve the tests' requests
   * @param settings more {@code USER_SERVICE_*} overrides for every node, e.g. a PostgreSQL URL
   * @param spares   names of nodes a test starts later ({@link #startNode}): they get a certificate now
   */
  public static TestCluster start(Path dir, LinkedHashMap<String, String> roles, Map<String, String> settings, String... spares)
    throws InterruptedException {
    return start(dir, name -> ClusterNode.Host.LOOPBACK, roles, settings, spares);
  }

  /** The same with every node, the spares too, in a network namespace of its own. */
  public static TestCluster startIn(NetworkNamespaces network, Path dir, LinkedHashMap<String, String> roles, Map<String, String> settings,
                                    String... spares) throws InterruptedException {
    return start(dir, name -> new ClusterNode.Host(network.add(name), network.inside(name)), roles, settings, spares);
  }

  private static TestCluster start(Path dir, Function<String, ClusterNode.Host> placement, LinkedHashMap<String, String> roles,
                                   Map<String, String> settings, String... spares) throws InterruptedException {
    Map<String, String> common = new HashMap<>(Map.of(
      "USER_SERVICE_CLUSTER_NAME", "test-cluster-" + UUID.randomUUID(),
      "USER_SERVICE_ARGON2_MEMORY_KIB", "1024",
      "USER_SERVICE_ARGON2_ITERATIONS", "1",
      "USER_SERVICE_ADMINS", ADMIN,
      // every test user comes from loopback: the registrations per address are limited only where a test says so
      "USER_SERVICE_THROTTLE_REGISTRATIONS_PER_ADDRESS_PER_HOUR", "0"));
    common.putAll(settings);
    TestCluster cluster = new TestCluster(dir, placement, Map.copyOf(common));
    Map<String, ClusterNode.Host> hosts = new LinkedHashMap<>();
    roles.keySet().forEach(name -> hosts.put(name, placement.apply(name)));
    List<Integer> ports = hosts.values().stream().map(TestCluster::hazelcastPort).toList();
    List<String> listed = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      listed.add(new ArrayList<>(hosts.values()).get(i).address() + ":" + ports.get(i));
    }
    cluster.members = String.join(",", listed);
    List<String> names = new ArrayList<>(roles.keySet());
    names.addAll(List.of(spares));
    ClusterCertificates.make(cluster.certs, names, made -> { });
    int index = 0;
    for (Map.Entry<String, String> node : roles.entrySet()) {
      cluster.nodes.put(node.getKey(), ClusterNode.start(cluster.vertx, dir, cluster.certs, node.getKey(), node.getValue(),
        hosts.get(node.getKey()), ports.get(index++), cluster.members, cluster.settings));
    }
    for (ClusterNode node : cluster.nodes.values()) {
      node.awaitReady(START);
    }
    return cluster;
  }

  /** Registers the admin through this edge: its user exists for the whole class. */
  public TestCluster withAdmin(String edge) {
    assertEquals(201, edge(edge).register(ADMIN).statusCode());
    return this;
  }

  public Vertx vertx() {
    return vertx;
  }

  public ClusterNode node(String name) {
    return nodes.get(name);
  }

  /** A client of this edge, whose users have {@link #PASSWORD}. */
  public Edge edge(String name) {
    return new Edge(vertx, node(name), PASSWORD);
  }

  /**
   * Another node joining this cluster, with the same settings (and {@code extra} over them), not awaited: a spare
   * name has a certificate of the cluster's CA; a folder of another CA's certificates gives an intruder.
   */
  public ClusterNode startNode(String name, String roles, Path certificates, Map<String, String> extra) {
    Map<String, String> merged = new HashMap<>(settings);
    merged.putAll(extra);
    ClusterNode.Host host = placement.apply(name);
    return ClusterNode.start(vertx, dir, certificates, name, roles, host, hazelcastPort(host), members, merged);
  }

  private static int hazelcastPort(ClusterNode.Host host) {
    return host.loopback() ? FreePorts.next() : HAZELCAST_PORT;
  }

  /** The folder of this cluster's CA and node certificates. */
  public Path certs() {
    return certs;
  }

  @Override
  public void close() throws InterruptedException {
    List<ClusterNode> started = new ArrayList<>(nodes.values());
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
    vertx.close().await();
  }
}
