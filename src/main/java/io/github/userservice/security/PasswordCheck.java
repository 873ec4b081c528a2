package io.github.userservice.security;

import io.github.userservice.account.Credentials;
import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.Refusal;
import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.bus.UserRecord;
import io.github.userservice.bus.UserStoreClient;
import io.github.userservice.ops.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a login and password for {@code POST /login} and Basic authentication alike: the store decides, with the
 * client's address for its throttle (one for the whole cluster, kept by the store), and the outcome feeds the
 * {@code logins} counter. A throttled attempt is 429 with {@code Retry-After}, before any Argon2 work.
 */
public final class PasswordCheck {

  private final UserStoreClient store;
  private final ServiceMetrics metrics;
  private final Function<RoutingContext, RequestOrigin> origins;

  /** @param origins who a request acts for: its id and client address, for the store's throttle and audit trail */
  public PasswordCheck(UserStoreClient store, ServiceMetrics metrics, Function<RoutingContext, RequestOrigin> origins) {
    this.store = Objects.requireNonNull(store);
    this.metrics = Objects.requireNonNull(metrics);
    this.origins = Objects.requireNonNull(origins);
  }

  /** The user when the password is right, empty when it is wrong or the login unknown. */
  public Future<Optional<UserRecord>> check(RoutingContext ctx, Credentials credentials) {
    return store.authenticate(origins.apply(ctx), credentials.login(), credentials.password()).andThen(result -> {
      if (result.failed()) {
        metrics.login(outcome(result.cause()));
      } else {
        metrics.login(result.result().isPresent() ? "ok" : "bad_credentials");
      }
    });
  }

  private static String outcome(Throwable failure) {
    if (Refusal.of(failure).filter(Refusal.Throttled.class::isInstance).isPresent()) {
      return "throttled";
    }
    return BusFailure.OVERLOADED.matches(failure) ? "shed" : "error";
  }
}
