package io.github.userservice.bus;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the password hashes admitted to the user store, computing or queued. Each Argon2id hash costs tens of
 * milliseconds and ~19 MiB; past the bound a request is refused at once (503) instead of joining a queue that only
 * grows, so latency and memory stay bounded under a flood. Shared by every HTTP verticle instance of the process.
 */
public final class HashAdmission {

  private final int limit;
  private final AtomicInteger pending = new AtomicInteger();

  public HashAdmission(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the hash admission limit must be at least 1");
    }
    this.limit = limit;
  }

  /** Takes a place if one is free; the caller must {@link #release()} it once the store answered. */
  public boolean tryAcquire() {
    while (true) {
      int current = pending.get();
      if (current >= limit) {
        return false;
      }
      if (pending.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  public void release() {
    pending.decrementAndGet();
  }

  /** Hashes admitted and not yet answered: computing or waiting for a worker. */
  public int pending() {
    return pending.get();
  }
}
