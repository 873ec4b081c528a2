package io.github.userservice.cluster;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import io.github.userservice.config.ServiceConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

/**
 * How a node started with {@code -cluster} joins the others, from the {@code cluster} section: Hazelcast with an
 * explicit TCP-IP member list, bound to {@code cluster.host}, and the event bus over mutual TLS, with this node's
 * certificate and the cluster CA as the only trust. Passwords cross the bus, so there is no clustered bus without it.
 *
 * <p>Failure detection: members send a heartbeat every second, and one silent for {@value #MAX_NO_HEARTBEAT_SECONDS}
 * seconds is removed. A process that dies on a reachable host closes its connections and is removed at once; the
 * heartbeat bounds the rest (a host gone, a cable pulled). Much lower would remove members during a long GC pause.
 *
 * <p>After a split (a link down, then up again) the sides find each other and merge within
 * {@value #MERGE_RUN_SECONDS} s: Hazelcast's defaults, a first search 300 s after a node's start and one every 120 s
 * after that, meant up to two minutes of outage after the network was back (five for a young node). Each search asks
 * the listed members that are not in this node's cluster whether they are, which costs nothing worth counting for a
 * cluster of a few nodes. An event-bus connection to a peer that stopped answering (cut off: no reset reaches
 * this side) is closed after {@value #BUS_PING_MS} ms without a pong plus {@value #BUS_PING_REPLY_MS} ms, instead of
 * 20 + 20 s, so that messages are not written into it until the kernel gives up, nor delivered late after the heal.
 */
public final class ClusterSetup {

  static final int HEARTBEAT_SECONDS = 1;
  static final int MAX_NO_HEARTBEAT_SECONDS = 8;
  static final int MERGE_RUN_SECONDS = 5;
  static final long BUS_PING_MS = 2_000;
  static final long BUS_PING_REPLY_MS = 3_000;
  static final String ALLOWED_SERIALIZED_PREFIX = "io.github.userservice.";

  private ClusterSetup() {
  }

  /** @throws IllegalArgumentException naming the key, when a bus TLS file is missing, or the key is open to others */
  public static void requireBusTls(ServiceConfig.Cluster cluster) {
    requireFile("cluster.certPath", cluster.certPath());
    requireFile("cluster.caPath", cluster.caPath());
    Path key = requireFile("cluster.keyPath", cluster.keyPath());
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        && Files.getPosixFilePermissions(key).contains(PosixFilePermission.OTHERS_READ)) {
        throw new IllegalArgumentException("the cluster key " + key + " is readable by other users: run chmod 600 " + key);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the permissions of " + key + ": " + e.getMessage(), e);
    }
  }

  /** Hazelcast as this cluster needs it; its own maps for the event bus come from vertx-hazelcast's default file. */
  public static HazelcastClusterManager clusterManager(ServiceConfig.Cluster cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(HEARTBEAT_SECONDS));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
    config.setProperty("hazelcast.merge.first.run.delay.seconds", Integer.toString(MERGE_RUN_SECONDS));
    config.setProperty("hazelcast.merge.next.run.delay.seconds", Integer.toString(MERGE_RUN_SECONDS));
    // the members are named: no need to wait for others to show up before joining
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    // Vert.x leaves the cluster itself on SIGTERM, after its verticles stopped; Hazelcast's own hook would leave first
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    // The classic network configuration answers Hazelcast clients on the member port, guarded by nothing but the
    // cluster name sent in clear; with a member endpoint alone that protocol is closed there. Members themselves
    // cannot be authenticated in the open-source edition: the member port is for the cluster's hosts only.
    AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
    network.setMemberEndpointConfig(new ServerSocketEndpointConfig()
      .setPort(cluster.port())
      .setPortAutoIncrement(false)
      .setInterfaces(new InterfacesConfig().setEnabled(true).addInterface(cluster.host())));
    // Java-serialized objects from another member (our entry processors) are read only from an allow list: Hazelcast's
    // defaults (its own classes and the JDK's) and this service's; anything else is refused before it is built
    config.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig()
      .setWhitelist(new ClassFilter().addPrefixes(ALLOWED_SERIALIZED_PREFIX)));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    return new HazelcastClusterManager(config);
  }

  /** The event bus between nodes: this node's address and port, mutual TLS, trust in the cluster CA only. */
  public static EventBusOptions eventBus(EventBusOptions options, ServiceConfig.Cluster cluster) {
    return options
      .setHost(cluster.host())
      .setPort(cluster.busPort())
      .setSsl(true)
      .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cluster.certPath()).setKeyPath(cluster.keyPath()))
      .setTrustOptions(new PemTrustOptions().addCertPath(cluster.caPath()))
      .setClientAuth(ClientAuth.REQUIRED)
      .setClusterPingInterval(BUS_PING_MS)
      .setClusterPingReplyInterval(BUS_PING_REPLY_MS)
      // it defaults to true: a node would then accept any server certificate at all
      .setTrustAll(false);
  }

  private static Path requireFile(String key, String path) {
    Path file = Path.of(path);
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("a clustered node needs TLS on its event bus, but '" + key + "' (" + path
        + ") is missing: make the cluster's certificates with java -jar user-service.jar cluster-certs DIR NAME...");
    }
    return file;
  }
}
