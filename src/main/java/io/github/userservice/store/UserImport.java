package io.github.userservice.store;

import io.github.userservice.account.Account;
import io.github.userservice.account.FieldError;
import io.github.userservice.account.LoginRules;
import io.github.userservice.bus.AuditEvent;
import io.github.userservice.bus.AuditType;
import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.RequestOrigin;
import io.github.userservice.bus.UserAddresses;
import io.github.userservice.password.StoredHashes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A batch of an import: each user checked as a registration checks its login, its hash checked to be of a format the
 * hashers verify and within the cost bounds, then the accepted ones added in one transaction, a login already taken
 * being skipped. Every user is written whole or not at all. The answer says, user by user and in order, what became
 * of it: {@code {"result":"created"}}, {@code {"result":"skipped","reason"}} or {@code {"result":"refused","reason"}}.
 */
final class UserImport {

  private static final Set<String> FIELDS = Set.of("login", "passwordHash", "registeredAt");
  /** Clocks differ a little; a registration a day in the future is no clock skew. */
  private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

  private final UserRepository users;
  private final StoredHashes hashes;
  private final AuditTrail audit;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  UserImport(UserRepository users, StoredHashes hashes, AuditTrail audit, Clock clock) {
    this.users = Objects.requireNonNull(users);
    this.hashes = Objects.requireNonNull(hashes);
    this.audit = Objects.requireNonNull(audit);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * {@code {"users":[{"login","passwordHash","registeredAt"}...]}} → {@code {"results":[...]}}, one per user; the batch
   * is recorded in the audit trail with its counts.
   */
  Future<JsonObject> importBatch(JsonObject request, RequestOrigin origin) {
    return importUsers(request).compose(reply -> audit.record(users.pool(), AuditEvent.of(AuditType.USERS_IMPORTED, null, origin)
      .withDetail(summary(reply.getJsonArray("results")))).map(reply));
  }

  private Future<JsonObject> importUsers(JsonObject request) {
    Object batch = request.getValue("users");
    if (!(batch instanceof JsonArray) || ((JsonArray) batch).isEmpty() || ((JsonArray) batch).size() > UserAddresses.MAX_IMPORT_BATCH) {
      return Future.failedFuture(BusFailure.INVALID_REQUEST.exception());
    }
    JsonArray items = (JsonArray) batch;
    List<JsonObject> results = new ArrayList<>();
    List<StoredUser> accepted = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Object item = items.getValue(i);
      Optional<String> refusal = item instanceof JsonObject ? refusal((JsonObject) item) : Optional.of("must be a JSON object");
      if (refusal.isPresent()) {
        results.add(new JsonObject().put("result", "refused").put("reason", refusal.get()));
      } else {
        results.add(null);
        positions.add(i);
        accepted.add(user((JsonObject) item));
      }
    }
    if (accepted.isEmpty()) {
      return Future.succeededFuture(new JsonObject().put("results", new JsonArray(new ArrayList<>(results))));
    }
    return users.insertAll(accepted).map(added -> {
      for (int i = 0; i < added.size(); i++) {
        results.set(positions.get(i), added.get(i)
          ? new JsonObject().put("result", "created")
          : new JsonObject().put("result", "skipped").put("reason", "the login exists"));
      }
      return new JsonObject().put("results", new JsonArray(new ArrayList<>(results)));
    });
  }

  /** {@code created 3, skipped 1, refused 0}: what became of a batch. */
  private static String summary(JsonArray results) {
    long created = results.stream().filter(result -> "created".equals(((JsonObject) result).getString("result"))).count();
    long skipped = results.stream().filter(result -> "skipped".equals(((JsonObject) result).getString("result"))).count();
    return "created " + created + ", skipped " + skipped + ", refused " + (results.size() - created - skipped);
  }

  /** Why this user cannot be imported, in a sentence that names the field and never repeats the hash. */
  private Optional<String> refusal(JsonObject user) {
    for (String field : user.fieldNames()) {
      if (!FIELDS.contains(field)) {
        return Optional.of("unknown field '" + field + "'; a user has login, passwordHash and registeredAt");
      }
    }
    if (!(user.getValue("login") instanceof String)) {
      return Optional.of("login: must be a string");
    }
    Optional<FieldError> login = LoginRules.check(LoginRules.canonical(user.getString("login")));
    if (login.isPresent()) {
      return Optional.of("login: " + login.get().message());
    }
    if (!(user.getValue("passwordHash") instanceof String)) {
      return Optional.of("passwordHash: must be a string");
    }
    Optional<String> hash = hashes.refusal(user.getString("passwordHash"));
    if (hash.isPresent()) {
      return Optional.of("passwordHash: " + hash.get());
    }
    Object registeredAt = user.getValue("registeredAt");
    if (registeredAt == null) {
      return Optional.empty();
    }
    if (!(registeredAt instanceof String)) {
      return Optional.of("registeredAt: must be a date and time such as 2024-05-01T12:00:00Z");
    }
    try {
      if (instant((String) registeredAt).isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
        return Optional.of("registeredAt: must not be in the future");
      }
      return Optional.empty();
    } catch (DateTimeParseException notADate) {
      return Optional.of("registeredAt: must be a date and time such as 2024-05-01T12:00:00Z");
    }
  }

  /** A checked user as it will be stored: canonical login, registered now when the source did not say when. */
  private StoredUser user(JsonObject user) {
    Object registeredAt = user.getValue("registeredAt");
    Instant when = registeredAt == null ? clock.instant() : instant((String) registeredAt);
    Account account = new Account(LoginRules.canonical(user.getString("login")), when);
    return new StoredUser(UserStore.newUser(account, random), user.getString("passwordHash"));
  }

  /** RFC 3339, with {@code Z} or an offset. */
  private static Instant instant(String text) {
    return OffsetDateTime.parse(text).toInstant();
  }
}
