package io.github.userservice.bus;

/**
 * The event-bus surface of the user store: one address per operation, JSON bodies, and failures as
 * {@code ReplyException}s carrying a {@link StoreFailure} code with a fixed, safe message. Once the bus is
 * clustered this is a public interface; {@code docs/event-bus.md} describes it for other services.
 *
 * <ul>
 *   <li>{@link #REGISTER}: {@code {"login","password"}} → {@code {"login","registeredAt"}};
 *       fails {@code LOGIN_TAKEN} or {@code INVALID_REQUEST}.</li>
 *   <li>{@link #AUTHENTICATE}: {@code {"login","password"}} → {@code {"authenticated":true,"account":{"login","registeredAt"}}}
 *       or {@code {"authenticated":false}}, the same answer for an unknown login and a wrong password.</li>
 *   <li>{@link #FIND}: {@code {"login"}} → {@code {"login","registeredAt"}}; fails {@code NOT_FOUND}.</li>
 *   <li>{@link #PING}: {@code {}} → {@code {"status":"UP"}} once the database answered a trivial query.</li>
 * </ul>
 * Any of them may fail {@code STORAGE_ERROR}. Logins are canonicalized by the store; passwords are never logged.
 */
public final class UserAddresses {

  public static final String REGISTER = "users.register";
  public static final String AUTHENTICATE = "users.authenticate";
  public static final String FIND = "users.find";
  public static final String PING = "users.ping";

  private UserAddresses() {
  }
}
