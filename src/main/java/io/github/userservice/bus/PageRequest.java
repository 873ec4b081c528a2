package io.github.userservice.bus;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * A page of users in login order, as {@link UserAddresses#LIST} and an export session take it:
 * {@code {"after", "limit"}}, the users after the login {@code after} ({@code ""}: from the first), at most
 * {@code limit}, 1 to {@link UserAddresses#MAX_PAGE}.
 */
public record PageRequest(String after, int limit) {

  /** @throws IllegalArgumentException when the limit is out of range */
  public PageRequest {
    Objects.requireNonNull(after);
    if (limit < 1 || limit > UserAddresses.MAX_PAGE) {
      throw new IllegalArgumentException("a page holds 1 to " + UserAddresses.MAX_PAGE + " users");
    }
  }

  /** @throws IllegalArgumentException when {@code after} is not a string or {@code limit} not a whole number in range */
  public static PageRequest fromJson(JsonObject json) {
    Object after = json.getValue("after", "");
    Object limit = json.getValue("limit");
    if (!(after instanceof String) || !(limit instanceof Integer)) {
      throw new IllegalArgumentException("a page request has a string 'after' and a whole number 'limit'");
    }
    return new PageRequest((String) after, (Integer) limit);
  }

  public JsonObject toJson() {
    return new JsonObject().put("after", after).put("limit", limit);
  }
}
