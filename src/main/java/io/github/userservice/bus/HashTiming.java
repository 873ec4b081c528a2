package io.github.userservice.bus;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

/**
 * How long a wait on password hashes may last, derived from the work rather than fixed. A hasher admits a hash only
 * while it expects to answer it within the burst budget ({@code worker.burstQueueWaitMs}), so whoever waits that
 * budget plus a margin over the hash's own time waits out every hash that was admitted: an operation of {@code n}
 * hashes in a row is given the burst budget once (the hashes after the first get what is left of it) and a margin per
 * hash, three times the recently measured hash time and at least two seconds, so that a slower machine or heavier
 * Argon2 parameters lengthen the waits instead of cutting them off.
 *
 * <p>The hash time is learned from replies, which carry it in the {@value #HEADER} header: each hasher's measurement
 * of the hash it answered, and, from the store to the edge, the store's running estimate. Before any reply it is a
 * pessimistic guess from the Argon2 parameters. Thread-safe; one per process for the store's side, one for the edge's.
 */
public final class HashTiming {

  /**
   * Hashes in a row that a registration may need: its new hash, and room to send it once more to another hasher when
   * the first never answers (a hasher gone, or cut off).
   */
  public static final int REGISTRATION_HASHES = 2;
  /** A login's, or a Basic authentication's: the verification, and another (the password as typed, or an upgrade). */
  public static final int LOGIN_HASHES = 2;
  /** A password change's: the current password's verification, and the new one's hash. */
  public static final int PASSWORD_CHANGE_HASHES = 2;

  /** The reply header with a hash time, whole milliseconds. */
  public static final String HEADER = "hash-ms";
  private static final double WEIGHT = 0.1;
  private static final long MIN_MARGIN_MS = 2_000;
  private static final long STORE_WORK_MS = 1_000;
  private static final int MARGIN_FACTOR = 3;
  /** Ten microseconds per KiB of memory and pass: several times what a server core takes, so the first waits are long. */
  private static final double GUESS_MS_PER_KIB_PASS = 0.01;

  private final long burstMillis;
  private volatile double hashMillis;

  /**
   * @param burstMillis the hashers' burst budget, {@code worker.burstQueueWaitMs}
   * @param parameters  the Argon2 parameters of new hashes, for the first guess
   */
  public HashTiming(long burstMillis, Argon2Parameters parameters) {
    this.burstMillis = burstMillis;
    this.hashMillis = GUESS_MS_PER_KIB_PASS * parameters.memoryKiB() * parameters.iterations();
  }

  /** The recent hash time, in milliseconds, as this side knows it. */
  public long hashMillis() {
    return Math.round(hashMillis);
  }

  /** Learns from a reply's {@value #HEADER} header, if it has one. */
  public void learn(Message<?> reply) {
    String header = reply.headers().get(HEADER);
    if (header != null) {
      try {
        record(Long.parseLong(header));
      } catch (NumberFormatException ignored) {
        // not from this service: nothing to learn
      }
    }
  }

  /** A hash took this long (or, from the store, hashes take this long). */
  public synchronized void record(double millis) {
    if (millis >= 0) {
      hashMillis += WEIGHT * (millis - hashMillis);
    }
  }

  /** Reply options carrying this side's estimate, for the side that waits on it. */
  public DeliveryOptions replyOptions() {
    return new DeliveryOptions().addHeader(HEADER, Long.toString(hashMillis()));
  }

  /** What one hash may take beyond its wait for a thread. */
  public long marginMillis() {
    return Math.max(MIN_MARGIN_MS, Math.round(MARGIN_FACTOR * hashMillis));
  }

  /** One request to a hasher: the whole burst budget for its wait, and a margin for the hash. */
  public long attemptMillis() {
    return burstMillis + marginMillis();
  }

  /** An operation of {@code hashes} hashes in a row, retries on another hasher included. */
  public long operationMillis(int hashes) {
    return burstMillis + (long) hashes * marginMillis();
  }

  /** How long the edge waits on the store for such an operation: its hashes, and a second for the store's own work. */
  public long storeWaitMillis(int hashes) {
    return operationMillis(hashes) + STORE_WORK_MS;
  }

  /** A budget for such an operation, starting now. */
  public HashBudget budget(int hashes) {
    return new HashBudget(System.nanoTime() + operationMillis(hashes) * 1_000_000);
  }
}
