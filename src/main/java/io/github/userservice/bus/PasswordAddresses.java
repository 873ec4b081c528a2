package io.github.userservice.bus;

/**
 * The event-bus surface of the hashers: pure functions over passwords, no database, no state. Any number of hasher
 * verticles, on any number of nodes, consume them; the bus spreads requests over every consumer. Both are
 * idempotent: a caller may send one again when no answer came.
 *
 * <ul>
 *   <li>{@link #HASH}: a {@link HashRequest}, {@code {"password", "parameters": {"memoryKiB","iterations",
 *       "parallelism","saltLength","hashLength"}}} → {@code {"hash": "$argon2id$v=19$..."}}, a standard PHC string with
 *       a fresh random salt.</li>
 *   <li>{@link #VERIFY}: a {@link VerifyRequest}, {@code {"password", "hash"}} → {@code {"matches": bool}}, compared in constant time; a hash
 *       that cannot be read never matches.</li>
 *   <li>{@link #PING}: {@code {}} → {@code {"status":"UP","engine":"native"}} at once, from the hasher's event loop: it is there,
 *       and computes Argon2id with this engine ({@code native}: libsodium, {@code java}: BouncyCastle).</li>
 * </ul>
 * Hash and verify may fail {@code OVERLOADED} at once, when the hasher would make the hash wait longer than its budget, or
 * {@code INVALID_REQUEST}. The password crosses the bus: on a clustered bus, only over mutual TLS.
 */
public final class PasswordAddresses {

  public static final String HASH = "password.hash";
  public static final String VERIFY = "password.verify";
  public static final String PING = "password.ping";

  private PasswordAddresses() {
  }
}
