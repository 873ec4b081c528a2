package io.github.userservice.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.Objects;

/**
 * Whether this node is on the majority side of the cluster: it sees at least {@link #quorum()} members, a majority of
 * {@code cluster.members} (the list every node is given, which names them all). A node cut off from the others, by a
 * pulled cable or a failed switch, is alone or with a few, and so not ready: a balancer takes it out, and a SQLite
 * store there writes nothing (see {@link StoreClaim}). In a split into halves neither side is a majority.
 *
 * <p>Read from Hazelcast's own member list, which its heartbeats and membership events keep: nothing is asked of the
 * other members, so the answer never waits for an unreachable one (Hazelcast's {@code isClusterSafe} asks every
 * member and waits up to a minute for one that is gone).
 */
public final class ClusterMajority {

  private final HazelcastClusterManager manager;
  private final int quorum;

  private ClusterMajority(HazelcastClusterManager manager, int quorum) {
    this.manager = Objects.requireNonNull(manager);
    this.quorum = quorum;
  }

  /** The majority of a clustered node; {@code vertx} must be clustered with Hazelcast. */
  public static ClusterMajority of(Vertx vertx, ServiceConfig.Cluster cluster) {
    return new ClusterMajority((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager(), quorum(cluster.members().size()));
  }

  /** More than half of {@code listed} members; one when the list is empty (a node that joins nobody). */
  static int quorum(int listed) {
    return listed / 2 + 1;
  }

  public int quorum() {
    return quorum;
  }

  /** The members this node sees now, itself included; 0 while it is not part of a running cluster. */
  public int members() {
    HazelcastInstance hazelcast = manager.getHazelcastInstance();
    if (!manager.isActive() || hazelcast == null || !hazelcast.getLifecycleService().isRunning()) {
      return 0;
    }
    return hazelcast.getCluster().getMembers().size();
  }

  /** Whether this node sees a majority of the listed members. */
  public boolean held() {
    return members() >= quorum;
  }

  HazelcastInstance hazelcast() {
    return manager.getHazelcastInstance();
  }
}
