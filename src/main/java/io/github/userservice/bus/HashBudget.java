package io.github.userservice.bus;

/**
 * The time left for the hashes of one operation ({@link HashTiming#budget}): each request to a hasher waits at most
 * what is left, and tells the hasher how long its hash may wait for a thread, so that no hasher admits a hash whose
 * answer would come after its caller stopped waiting.
 *
 * @param deadlineNanos the {@link System#nanoTime()} by which the operation's hashes are done
 */
public record HashBudget(long deadlineNanos) {

  public long remainingMillis() {
    return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
  }
}
