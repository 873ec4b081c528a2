package io.github.userservice.bus;

/**
 * The event-bus surface of the user store: one address per operation, JSON bodies, and failures as
 * {@code ReplyException}s carrying a {@link BusFailure} code with a safe message. Once the bus is clustered
 * this is a public interface; {@code docs/event-bus.md} describes it for other services. A user travels as
 * {@link UserRecord}: {@code {"login","registeredAt","credentialVersion"}}.
 *
 * <ul>
 *   <li>{@link #REGISTER}: {@code {"login","password"}} → user; fails {@code LOGIN_TAKEN}, {@code WEAK_PASSWORD},
 *       {@code INVALID_REQUEST}.</li>
 *   <li>{@link #AUTHENTICATE}: {@code {"login","password"}} → {@code {"authenticated":true,"account":user}} or
 *       {@code {"authenticated":false}}, the same answer for an unknown login and a wrong password.</li>
 *   <li>{@link #CHANGE_PASSWORD}: {@code {"login","currentPassword","newPassword"}} → the user with its new credential
 *       version; fails {@code WRONG_PASSWORD}, {@code WEAK_PASSWORD}, {@code INVALID_REQUEST}.</li>
 *   <li>{@link #DELETE}: {@code {"login"}} → {@code {"deleted":true}}; fails {@code NOT_FOUND}.</li>
 *   <li>{@link #FIND}: {@code {"login"}} → user; fails {@code NOT_FOUND}. No hashing: cheap.</li>
 *   <li>{@link #LIST}: {@code {"after","limit"}} → {@code {"users":[user...],"more":bool}} in login order, limit 1 to {@link #MAX_PAGE}.</li>
 *   <li>{@link #PING}: {@code {"database":true}} → {@code {"status":"UP"}} once the database answered a trivial query;
 *       with {@code false}, at once: the worker answers.</li>
 * </ul>
 * The store publishes {@link #CHANGED} {@code {"login"}} after a password change or a deletion, for anyone who keeps
 * users or their credential versions in memory. Any of the others may fail {@code STORAGE_ERROR}. Logins are canonicalized by the store; passwords are never logged.
 */
public final class UserAddresses {

  public static final String REGISTER = "users.register";
  public static final String AUTHENTICATE = "users.authenticate";
  public static final String CHANGE_PASSWORD = "users.change-password";
  public static final String DELETE = "users.delete";
  public static final String FIND = "users.find";
  public static final String LIST = "users.list";
  public static final String PING = "users.ping";
  public static final String CHANGED = "users.changed";

  /** The largest page {@link #LIST} answers. */
  public static final int MAX_PAGE = 500;

  private UserAddresses() {
  }
}
