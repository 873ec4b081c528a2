package io.github.userservice;

import io.github.userservice.cluster.ClusterCertificates;
import io.github.userservice.support.ClusterNode;
import io.github.userservice.support.FreePorts;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster node started the way the README's systemd unit starts one: {@code java -jar user-service.jar -cluster -conf
 * FILE}, no JVM option at all, the node's own settings as {@code USER_SERVICE_*} variables. The access to the JDK's
 * internals Hazelcast asks for comes from the jar's manifest ({@code Add-Opens}, {@code Add-Exports}).
 */
@DisplayName("A cluster node started as java -jar user-service.jar -cluster -conf FILE")
class ClusterNodeLaunchIT {

  private static final Duration START = Duration.ofSeconds(120);
  // what Hazelcast 5.3.8 logs (com.hazelcast.internal.util.ModularJavaUtils) when it lacks them
  private static final String HAZELCAST_WARNING = "Hazelcast is starting in a Java modular environment";

  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  @Test
  @DisplayName("becomes ready, and Hazelcast logs no warning about missing --add-opens or --add-exports")
  void noModuleAccessWarning(@TempDir Path dir) throws Exception {
    Path certs = dir.resolve("certs");
    ClusterCertificates.make(certs, List.of("node"), made -> { });
    Path config = Files.copy(Path.of("conf/config.json"), dir.resolve("config.json"));
    int port = FreePorts.next();

    try (ClusterNode node = ClusterNode.start(vertx, dir, certs, "node", "edge,store,hasher", port, "127.0.0.1:" + port,
      Map.of("USER_SERVICE_CLUSTER_NAME", "launch-it-" + UUID.randomUUID(), "USER_SERVICE_ARGON2_MEMORY_KIB", "1024"),
      "-conf", config.toString())) {
      node.awaitReady(START);

      String log = node.process().log();
      assertTrue(log.contains("Members {size:1"), "Hazelcast started:\n" + log);
      assertFalse(log.contains(HAZELCAST_WARNING), log);
      assertFalse(log.contains("--add-opens") || log.contains("--add-exports"), log);
    }
  }
}
