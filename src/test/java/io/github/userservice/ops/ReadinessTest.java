package io.github.userservice.ops;

import io.github.userservice.bus.PasswordAddresses;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.token.SigningKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An edge's readiness while one of two store nodes is unreachable (cut off, not yet removed by Hazelcast), on a
 * local bus, whose round robin over two consumers is the clustered bus's over two nodes.
 */
@ExtendWith(VertxExtension.class)
class ReadinessTest {

  @Test
  @DisplayName("an edge with one of two stores silent answers every probe within one ping timeout and its retry, store and database ready")
  void oneSilentStore(Vertx vertx) {
    // registered first: the round robin starts with it
    vertx.eventBus().consumer(UserAddresses.PING, silent -> { });
    vertx.eventBus().consumer(UserAddresses.PING, ping -> ping.reply(new JsonObject().put("status", "UP")));
    vertx.eventBus().consumer(PasswordAddresses.PING, ping -> ping.reply(new JsonObject()));
    ServiceConfig config = ServiceConfig.fromJson(new JsonObject().put("cluster", new JsonObject().put("roles", new JsonArray().add("edge"))));
    HealthChecks checks = Readiness.of(vertx, config.cluster(), SigningKeys.of(vertx));

    for (int probe = 0; probe < 4; probe++) {
      long start = System.nanoTime();
      CheckResult result = checks.checkStatus().await();
      long took = (System.nanoTime() - start) / 1_000_000;

      Map<String, Boolean> up = result.getChecks().stream().collect(Collectors.toMap(CheckResult::getId, CheckResult::getUp));
      // the first ping's 900 ms and a second one answered at once; two timeouts in a row (1800 ms) leave a 2 s
      // probe nothing for the rest of its way
      assertTrue(took < 1_400, "probe " + probe + " took " + took + " ms: " + up);
      assertEquals(true, up.get("store"), "probe " + probe + ": " + up);
      assertEquals(true, up.get("database"), "probe " + probe + ": " + up);
    }
  }
}
