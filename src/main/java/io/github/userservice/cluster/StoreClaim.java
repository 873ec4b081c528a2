package io.github.userservice.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's record of which store node owns its users, for a database that one node only may serve (SQLite): an
 * entry of a Hazelcast map naming the owner ({@code host:port} and database file, stable across restarts) and its
 * current member id, with a time to live of {@value #TTL_MS} ms that each {@link #renew()} starts again.
 *
 * <p>Unlike a Hazelcast lock, which is dropped when the majority removes a member that was only cut off and is not
 * taken again by that member when it merges back, the entry outlives a split: the majority keeps it until its time
 * to live runs out, so a second store started during a short split is refused, and the owner finds it its own again
 * after the merge. A renewal is granted only on the majority side ({@link ClusterMajority}), so that a store cut off
 * with a few members cannot keep its claim while the others move on.
 */
public final class StoreClaim {

  /** How long the cluster keeps a claim nobody renews; far longer than the owner's own lease (see SqliteOwnership). */
  public static final long TTL_MS = 30_000;
  private static final String MAP = "user-service.store-claim";
  private static final String KEY = "sqlite-store";
  private static final long RENEW_TIMEOUT_MS = 2_000;

  /**
   * The answer to a renewal.
   *
   * @param granted       the claim is this node's for {@link #TTL_MS} more
   * @param holder        who holds it otherwise, for the logs
   * @param holderPresent whether that holder is a member of this node's cluster now (alive and reachable)
   */
  public record Outcome(boolean granted, String holder, boolean holderPresent) {
  }

  private final Vertx vertx;
  private final ClusterMajority majority;
  private final String owner;

  private StoreClaim(Vertx vertx, ClusterMajority majority, String owner) {
    this.vertx = Objects.requireNonNull(vertx);
    this.majority = Objects.requireNonNull(majority);
    this.owner = Objects.requireNonNull(owner);
  }

  /** @param owner names the claiming store and its database, the same at each start of the same node */
  public static StoreClaim of(Vertx vertx, ServiceConfig.Cluster cluster, String owner) {
    return new StoreClaim(vertx, ClusterMajority.of(vertx, cluster), owner);
  }

  public ClusterMajority majority() {
    return majority;
  }

  /**
   * Takes the claim when nobody holds it, or keeps it when this owner does, atomically on the entry's partition.
   * Fails, without asking, on the minority side, and after {@value #RENEW_TIMEOUT_MS} ms when the entry's partition
   * owner does not answer (it may be cut off and not yet removed).
   */
  public Future<Outcome> renew() {
    if (!majority.held()) {
      return Future.failedFuture(new IllegalStateException("this node sees " + majority.members() + " members of the "
        + majority.quorum() + " it needs for a majority"));
    }
    Member self = majority.hazelcast().getCluster().getLocalMember();
    var renewal = majority.hazelcast().<String, String>getMap(MAP).submitToKey(KEY, new Renewal(owner, self.getUuid().toString()));
    return Future.fromCompletionStage(renewal, vertx.getOrCreateContext())
      .timeout(RENEW_TIMEOUT_MS, TimeUnit.MILLISECONDS)
      .map(holder -> holder == null ? new Outcome(true, owner, true) : new Outcome(false, ownerOf(holder), present(memberOf(holder))));
  }

  private boolean present(String memberId) {
    return majority.hazelcast().getCluster().getMembers().stream().anyMatch(member -> member.getUuid().toString().equals(memberId));
  }

  private static String ownerOf(String value) {
    return value.substring(0, value.lastIndexOf('\n'));
  }

  private static String memberOf(String value) {
    return value.substring(value.lastIndexOf('\n') + 1);
  }

  /**
   * Runs on the partition that holds the entry (and on its backups): sets it to this owner with a fresh time to live
   * when it is free or this owner's, and returns null; returns the entry as it is when another holds it.
   */
  static final class Renewal implements EntryProcessor<String, String, String> {

    private static final long serialVersionUID = 1L;

    private final String owner;
    private final String member;

    Renewal(String owner, String member) {
      this.owner = owner;
      this.member = member;
    }

    @Override
    public String process(Map.Entry<String, String> entry) {
      String current = entry.getValue();
      if (current != null && !ownerOf(current).equals(owner)) {
        return current;
      }
      ((ExtendedMapEntry<String, String>) entry).setValue(owner + '\n' + member, TTL_MS, TimeUnit.MILLISECONDS);
      return null;
    }
  }
}
