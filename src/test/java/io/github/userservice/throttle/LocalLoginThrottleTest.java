package io.github.userservice.throttle;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.support.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The login throttle of a single store node, in memory")
class LocalLoginThrottleTest {

  private final MutableClock clock = new MutableClock();

  @Test
  @DisplayName("memory stays bounded when an attacker cycles through millions of logins and addresses")
  void boundedMemory() {
    LocalLoginThrottle small = new LocalLoginThrottle(new ServiceConfig.Throttle(5, 15, 900, 50, 20, 1_000), clock);
    for (int i = 0; i < 200_000; i++) {
      small.failed("login-" + i, "address-" + i);
    }

    assertTrue(small.trackedKeys() <= 2_000, () -> "tracked " + small.trackedKeys());
  }
}
