package io.github.userservice.bus;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Waits on hashes follow the work")
class HashTimingTest {

  private static final Argon2Parameters DEFAULTS = new Argon2Parameters(19_456, 2, 1, 16, 32);

  @Test
  @DisplayName("an attempt waits the whole burst budget and a margin of at least two seconds")
  void attempt() {
    HashTiming timing = new HashTiming(5_000, DEFAULTS);
    timing.record(25);

    assertEquals(7_000, timing.attemptMillis());
  }

  @Test
  @DisplayName("slow hashes lengthen every wait: three times the measured hash time per hash")
  void slowHashesWaitLonger() {
    HashTiming timing = new HashTiming(5_000, DEFAULTS);
    for (int i = 0; i < 200; i++) {
      timing.record(4_000);
    }

    assertEquals(4_000, timing.hashMillis());
    assertEquals(5_000 + 12_000, timing.attemptMillis());
    assertEquals(5_000 + 2 * 12_000, timing.operationMillis(2));
    assertEquals(5_000 + 2 * 12_000 + 1_000, timing.storeWaitMillis(2));
  }

  @Test
  @DisplayName("before any reply the guess is pessimistic: heavy parameters get long waits from the first request")
  void guessFromParameters() {
    HashTiming heavy = new HashTiming(5_000, new Argon2Parameters(131_072, 4, 1, 16, 32));

    assertTrue(heavy.hashMillis() >= 5_000, () -> heavy.hashMillis() + " ms");
    assertTrue(heavy.attemptMillis() >= 20_000, () -> heavy.attemptMillis() + " ms");
  }

  @Test
  @DisplayName("a budget's time runs out: what is left is never negative")
  void budget() throws InterruptedException {
    HashBudget spent = new HashBudget(System.nanoTime() - 1);

    assertEquals(0, spent.remainingMillis());
    assertTrue(new HashTiming(5_000, DEFAULTS).budget(1).remainingMillis() > 5_000);
  }
}
