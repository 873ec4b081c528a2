package io.github.userservice;

import io.github.userservice.support.ClusterNode;
import io.github.userservice.support.Edge;
import io.github.userservice.support.LinkCut;
import io.github.userservice.support.NetworkNamespaces;
import io.github.userservice.support.SplitTimeline;
import io.github.userservice.support.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.github.userservice.support.TestCluster.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster on SQLite split by the network, not by a kill: an edge, a store and two hashers, each in a network
 * namespace of its own, the packaged jar as separate processes, with the shipped timing settings. A node's link is
 * cut on the bridge side (its packets vanish, no reset reaches anyone) for {@value #CUT_SECONDS} s, longer than
 * Hazelcast's 8 s to remove it, then healed, while clients log in and register through the edge. What must hold:
 * healthy nodes stay ready through a cut of an unrelated member, a cut-off node says it is not ready, full service is
 * back within {@value #RECOVERY_SECONDS} s of the heal, and no acknowledged user is lost or exists twice, in one
 * database only. Skipped, saying why, where namespaces are not available (not root); CI runs as root.
 */
@DisplayName("A cluster split by a cut link: a hasher, the store and the edge cut off and back")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PartitionIT {

  static final int CUT_SECONDS = 12;
  /**
   * From the heal: the sides merge within 5 s, then the bus finds the node's consumers again (5-12 s as a rule; a cut
   * edge once took 17.5 s under the whole suite's load).
   */
  static final int RECOVERY_SECONDS = 20;

  @TempDir
  static Path dir;
  private static NetworkNamespaces network;
  private static TestCluster cluster;
  private static Edge edge;
  private static Map<String, ClusterNode> nodes;

  @BeforeAll
  static void start() throws Exception {
    String unavailable = NetworkNamespaces.unavailable();
    Assumptions.assumeTrue(unavailable == null, () -> "partition tests skipped: " + unavailable);
    network = NetworkNamespaces.create();
    LinkedHashMap<String, String> roles = new LinkedHashMap<>();
    roles.put("store", "store");
    roles.put("hasher-1", "hasher");
    roles.put("hasher-2", "hasher");
    roles.put("edge", "edge");
    cluster = TestCluster.startIn(network, dir, roles, Map.of(), "store-2").withAdmin("edge");
    edge = cluster.edge("edge");
    nodes = new LinkedHashMap<>();
    roles.keySet().forEach(name -> nodes.put(name, cluster.node(name)));
    assertEquals(201, edge.register("frank@example.com").statusCode());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (network != null) {
        network.close();
      }
    }
  }

  @Test
  @Order(1)
  @DisplayName("a hasher cut off: the others stay ready throughout, logins recover during the cut, the hasher is unready while cut and serves again after the heal")
  void hasherCut() throws Exception {
    LinkCut split = split("hasher-1", 0);

    split.assertRecovered();
    split.assertStayedReady("edge", "store", "hasher-2");
    split.assertCutNodeUnreadyThenBack();
  }

  @Test
  @Order(2)
  @DisplayName("the store cut off during registrations: only 201 or 503, every acknowledged user logs in afterwards, all in the store's one file; a second store is still refused")
  void storeCut() throws Exception {
    LinkCut split = split("store", 2);

    split.assertRecovered();
    split.assertStayedReady("hasher-1", "hasher-2");
    split.assertCutNodeUnreadyThenBack();
    Set<String> acknowledged = split.timeline().requests().stream()
      .filter(request -> request.path().equals("/user/") && request.status() == 201).map(SplitTimeline.Request::login)
      .collect(Collectors.toSet());
    assertTrue(split.timeline().requests().stream().filter(request -> request.path().equals("/user/"))
      .allMatch(request -> Set.of(201, 503).contains(request.status())), split.timeline()::statuses);
    assertTrue(acknowledged.size() > 10, "registrations acknowledged: " + acknowledged.size());
    for (String login : acknowledged) {
      assertEquals(200, edge.login(login, PASSWORD).statusCode(), login);
    }
    Set<String> stored = logins(dir.resolve("store/data/users.db"));
    assertTrue(stored.containsAll(acknowledged), () -> "missing from the store's file: " + acknowledged.stream().filter(login -> !stored.contains(login)).toList());
    assertEquals(409, edge.register(acknowledged.iterator().next()).statusCode(), "a second registration of an acknowledged login");

    try (ClusterNode second = cluster.startNode("store-2", "store", cluster.certs(), Map.of())) {
      assertNotEquals(0, second.process().awaitExit(Duration.ofSeconds(60)));
      assertTrue(second.process().log().contains("owns its SQLite database"), second.process().log());
    }
    assertTrue(cluster.node("store").process().log().contains("the claim on the cluster's users is held again")
      || !cluster.node("store").process().log().contains("could not be renewed"), "the store serves under its claim again");
  }

  @Test
  @Order(3)
  @DisplayName("the edge cut off: the store and the hashers stay ready throughout, and the edge serves again after the heal")
  void edgeCut() throws Exception {
    LinkCut split = split("edge", 0);

    split.assertRecovered();
    split.assertStayedReady("store", "hasher-1", "hasher-2");
    split.assertCutNodeUnreadyThenBack();
  }

  private static LinkCut split(String node, int registering) throws Exception {
    return LinkCut.run(network, nodes, node, Duration.ofSeconds(CUT_SECONDS), Duration.ofSeconds(RECOVERY_SECONDS), edge,
      "frank@example.com", PASSWORD, registering);
  }

  private static Set<String> logins(Path database) throws SQLException {
    Set<String> logins = new HashSet<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
         ResultSet rows = connection.createStatement().executeQuery("SELECT login FROM users")) {
      while (rows.next()) {
        logins.add(rows.getString(1));
      }
    }
    return logins;
  }
}
