package io.github.userservice.store;

import io.github.userservice.cluster.StoreClaim;
import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The one store node of a cluster on SQLite, and the lease under which it writes. A SQLite file belongs to one node,
 * and a second store node would keep users in a file of its own, so the store claims the cluster ({@link StoreClaim})
 * before it opens the file, and renews the claim every {@value #RENEW_EVERY_MS} ms for as long as it runs.
 *
 * <p>Each granted renewal gives it a lease of {@value #LEASE_MS} ms, counted on this process's monotonic clock from
 * the moment the renewal was sent; it serves, and its writes pass the fence ({@link SqliteDialect#fenceWrites}),
 * only while the lease runs. Cut off from the majority, it cannot renew, so it stops writing within the lease, long
 * before the majority lets the claim go ({@link StoreClaim#TTL_MS}); back in the majority it renews and serves again.
 * Should it ever find the claim held by another store node, that node owns the cluster's users: this one stops
 * serving for good and says so.
 */
final class SqliteOwnership {

  private static final Logger LOG = LoggerFactory.getLogger(SqliteOwnership.class);

  static final long RENEW_EVERY_MS = 1_000;
  /**
   * Longer than Hazelcast takes to remove a cut-off member and hand its partitions to the others (8 s and a moment):
   * the claim's entry may live on that member, and until then renewals get no answer, so a shorter lease would stop
   * the store whenever any member's link fails. Shorter than the claim's time to live by those 8 s, during which a
   * store that is itself cut off may still renew on a partition of its own, and 10 s more for clock drift.
   */
  static final long LEASE_MS = 12_000;
  /** How long a starting store waits for a claim whose holder is not a member to run out: a node that just died. */
  private static final long START_WAIT_MS = StoreClaim.TTL_MS + 5_000;

  private final Vertx vertx;
  private final StoreClaim claim;
  private final String owner;
  private volatile long leaseEnd;
  private volatile boolean leased;
  private volatile String lostTo;
  private boolean renewing;
  private boolean servingLogged = true;

  private SqliteOwnership(Vertx vertx, StoreClaim claim, String owner) {
    this.vertx = Objects.requireNonNull(vertx);
    this.claim = Objects.requireNonNull(claim);
    this.owner = Objects.requireNonNull(owner);
  }

  /**
   * The claim, once this node holds it, renewed from then on. Waits while this node sees no majority of the cluster.
   * Fails when another store node holds it: at once when that node is a member, else after {@value #START_WAIT_MS} ms.
   */
  static Future<SqliteOwnership> acquire(Vertx vertx, ServiceConfig config) {
    String owner = config.cluster().host() + ":" + config.cluster().port() + " " + Path.of(config.db().path()).toAbsolutePath();
    SqliteOwnership ownership = new SqliteOwnership(vertx, StoreClaim.of(vertx, config.cluster(), owner), owner);
    Promise<SqliteOwnership> claimed = Promise.promise();
    ownership.firstClaim(claimed, System.nanoTime() + START_WAIT_MS * 1_000_000, false);
    return claimed.future().onSuccess(held -> vertx.setPeriodic(RENEW_EVERY_MS, tick -> held.renew()));
  }

  /** Whether this store may serve and write now: it holds the claim, and its lease runs. */
  boolean serving() {
    return lostTo == null && leased && System.nanoTime() - leaseEnd < 0;
  }

  private void firstClaim(Promise<SqliteOwnership> claimed, long deadline, boolean waitLogged) {
    long sent = System.nanoTime();
    claim.renew().onComplete(outcome -> {
      if (outcome.succeeded() && outcome.result().granted()) {
        extend(sent);
        LOG.info("this store node owns the cluster's users ({}), under a lease renewed every {} ms", owner, RENEW_EVERY_MS);
        claimed.complete(this);
      } else if (outcome.succeeded() && (outcome.result().holderPresent() || System.nanoTime() - deadline > 0)) {
        claimed.fail(new IllegalStateException("another store node of this cluster owns its SQLite database ("
          + outcome.result().holder() + "): SQLite allows one store node; stop it, or run this node without the store role"));
      } else {
        if (!waitLogged) {
          LOG.warn("waiting to own the cluster's users: {}", outcome.succeeded()
            ? "the claim of " + outcome.result().holder() + ", which is not a member now, has yet to run out" : outcome.cause().getMessage());
        }
        vertx.setTimer(RENEW_EVERY_MS, retry -> firstClaim(claimed, deadline, true));
      }
    });
  }

  private void renew() {
    if (renewing || lostTo != null) {
      return;
    }
    renewing = true;
    long sent = System.nanoTime();
    claim.renew().onComplete(outcome -> {
      renewing = false;
      if (outcome.succeeded() && outcome.result().granted()) {
        extend(sent);
      } else if (outcome.succeeded()) {
        lose(outcome.result().holder());
      }
      announce(outcome.failed() ? outcome.cause().getMessage() : null);
    });
  }

  private void extend(long sent) {
    if (!leased || sent + LEASE_MS * 1_000_000 - leaseEnd > 0) {
      leaseEnd = sent + LEASE_MS * 1_000_000;
      leased = true;
    }
  }

  private void lose(String holder) {
    lostTo = holder;
    LOG.error("another store node ({}) owns this cluster's users now: this store node ({}) stops serving and writes nothing more. "
      + "Users it registered stay in its file; stop this node, and move them with the export and import if it served any "
      + "that the other lacks", holder, owner);
  }

  /** Logs the moments the store stops and starts serving again. */
  private void announce(String why) {
    boolean serving = serving();
    if (serving != servingLogged && lostTo == null) {
      if (serving) {
        LOG.info("the claim on the cluster's users is held again: serving");
      } else {
        LOG.warn("the claim on the cluster's users could not be renewed ({}): answering 503 and not ready until it is", why);
      }
      servingLogged = serving;
    }
  }
}
