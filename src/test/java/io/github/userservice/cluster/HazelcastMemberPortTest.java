package io.github.userservice.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.support.FreePorts;
import io.vertx.core.VertxException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Hazelcast's member port lets in, with the configuration a clustered node runs: the other members of the list
 * join; a Hazelcast client that knows the cluster name does not; a Java-serialized value of a class outside the allow
 * list is refused when read. Two real Hazelcast members on 127.0.0.1, no Vert.x around them.
 */
class HazelcastMemberPortTest {

  private static final String CLUSTER_NAME = "member-port-" + UUID.randomUUID();
  private static final int FIRST_PORT = FreePorts.next();
  private static final int SECOND_PORT = FreePorts.next();

  private static HazelcastInstance first;
  private static HazelcastInstance second;

  @BeforeAll
  static void startTwoMembers() {
    first = Hazelcast.newHazelcastInstance(memberConfig(FIRST_PORT));
    second = Hazelcast.newHazelcastInstance(memberConfig(SECOND_PORT));
  }

  @AfterAll
  static void stopMembers() {
    second.shutdown();
    first.shutdown();
  }

  @Test
  void theOtherListedMemberJoins() {
    assertEquals(2, first.getCluster().getMembers().size());
  }

  @Test
  void aClientWithTheClusterNameIsRefused() {
    ClientConfig client = new ClientConfig().setClusterName(CLUSTER_NAME);
    client.getNetworkConfig().addAddress("127.0.0.1:" + FIRST_PORT, "127.0.0.1:" + SECOND_PORT);
    client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3_000);
    client.setProperty("hazelcast.logging.type", "slf4j");

    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> HazelcastClient.newHazelcastClient(client).shutdown());
    assertTrue(refused.getMessage().contains("Unable to connect to any cluster"), refused.getMessage());
  }

  @Test
  void aSerializedValueOfAnotherLibraryIsNotReadBack() {
    IMap<String, Object> written = second.getMap("serialization-filter");
    // a key per member's partitions, so that one of them is read from the binary form the other member wrote
    for (int i = 0; i < 8; i++) {
      written.put("exception-" + i, new VertxException("from another member"));
      written.put("text-" + i, "plain text");
    }
    IMap<String, Object> read = first.getMap("serialization-filter");

    for (int key = 0; key < 8; key++) {
      assertEquals("plain text", read.get("text-" + key));
      String exception = "exception-" + key;
      Throwable refused = assertThrows(RuntimeException.class, () -> read.get(exception));
      while (refused.getCause() != null) {
        refused = refused.getCause();
      }
      assertInstanceOf(SecurityException.class, refused);
      assertEquals("Resolving class io.vertx.core.VertxException is not allowed.", refused.getMessage());
    }
  }

  private static Config memberConfig(int port) {
    ServiceConfig.Cluster cluster = new ServiceConfig.Cluster(Set.of(ServiceConfig.Cluster.Role.STORE), CLUSTER_NAME, "127.0.0.1",
      port, FreePorts.next(), List.of("127.0.0.1:" + FIRST_PORT, "127.0.0.1:" + SECOND_PORT), "unused", "unused", "unused");
    return ClusterSetup.clusterManager(cluster).getConfig();
  }
}
