package io.github.userservice.bus;

/**
 * The event-bus surface of the user store: one address per operation, JSON bodies, and failures as
 * {@code ReplyException}s carrying a {@link BusFailure} code with a safe message. A refusal that carries data (the
 * seconds to wait, zxcvbn's advice) is a reply of its own, a {@link Refusal}. Once the bus is clustered this is a
 * public interface; {@code docs/event-bus.md} describes it for other services. A user travels as
 * {@link UserRecord}: {@code {"login","registeredAt","credentialVersion"}}.
 *
 * <ul>
 *   <li>{@link #REGISTER}: {@code {"login","password","address"}} → user, or a throttled refusal (too many
 *       registrations from this address, before anything else) or a weak-password refusal; fails {@code LOGIN_TAKEN},
 *       {@code INVALID_REQUEST}.</li>
 *   <li>{@link #AUTHENTICATE}: {@code {"login","password","address"}} → {@code {"authenticated":true,"account":user}}
 *       or {@code {"authenticated":false}}, the same answer for an unknown login and a wrong password; or a throttled
 *       refusal, before any hash.</li>
 *   <li>{@link #CHANGE_PASSWORD}: {@code {"login","currentPassword","newPassword","address"}} → the user with its new
 *       credential version, or a throttled or weak-password refusal; fails {@code WRONG_PASSWORD},
 *       {@code INVALID_REQUEST}.</li>
 *   <li>{@link #DELETE}: {@code {"login"}} → {@code {"deleted":true}}; fails {@code NOT_FOUND}.</li>
 *   <li>{@link #FIND}: {@code {"login"}} → user; fails {@code NOT_FOUND}. No hashing: cheap.</li>
 *   <li>{@link #LIST}: a {@link PageRequest} → {@code {"users":[user...],"more":bool}} in login order.</li>
 *   <li>{@link #IMPORT}: {@code {"users":[{"login","passwordHash","registeredAt"}...]}}, 1 to {@link #MAX_IMPORT_BATCH}
 *       users → {@code {"results":[...]}}, one per user in order: {@code {"result":"created"}},
 *       {@code {"result":"skipped","reason"}} (the login exists) or {@code {"result":"refused","reason"}}.</li>
 *   <li>{@link #EXPORT}: {@code {}} → {@code {"address"}}: an export session's own address, holding a snapshot of the
 *       users. Ask it {@code {"after","limit"}} → {@code {"users":[{"login","passwordHash","registeredAt"}...],"more"}}
 *       in login order (limit 1 to {@link #MAX_PAGE}; {@code after} is the last login of the previous page, {@code ""}
 *       first), then {@code {"close":true}}; a session unused for a minute closes itself. Fails {@code OVERLOADED}
 *       while {@link #MAX_EXPORTS} exports are open on the store node.</li>
 *   <li>{@link #BACKUP}: {@code {}} → {@code {"name","size"}}: a consistent copy of the SQLite database written into
 *       {@code db.backupPath} on the store node; fails {@code UNSUPPORTED} on PostgreSQL.</li>
 *   <li>{@link #PING}: {@code {"database":true}} → {@code {"status":"UP"}} once the database answered a trivial query;
 *       with {@code false}, at once: the worker answers.</li>
 * </ul>
 * The store publishes {@link #CHANGED} {@code {"login"}} after a password change or a deletion (and its session
 * store after a second factor is turned on or off), for anyone who keeps users or their credential versions in
 * memory. Any of the others may fail {@code STORAGE_ERROR}. Logins are canonicalized by the store; passwords are never
 * logged.
 */
public final class UserAddresses {

  public static final String REGISTER = "users.register";
  public static final String AUTHENTICATE = "users.authenticate";
  public static final String CHANGE_PASSWORD = "users.change-password";
  public static final String DELETE = "users.delete";
  public static final String FIND = "users.find";
  public static final String LIST = "users.list";
  public static final String IMPORT = "users.import";
  public static final String EXPORT = "users.export";
  public static final String BACKUP = "users.backup";
  public static final String PING = "users.ping";
  public static final String CHANGED = "users.changed";

  /** The largest page {@link #LIST} and an export answer. */
  public static final int MAX_PAGE = 500;
  /** The most users one {@link #IMPORT} request may carry. */
  public static final int MAX_IMPORT_BATCH = 500;
  /** The most exports a store node keeps open at once: each holds a database connection. */
  public static final int MAX_EXPORTS = 4;

  private UserAddresses() {
  }
}
