package io.github.userservice.bus;

/**
 * The event-bus surface of the token signing keys, which the store node keeps and every edge signs and checks with.
 *
 * <ul>
 *   <li>{@link #GET}: {@code {}} → {@code {"keys": [{"kid","createdAt","jwk"}...]}}, newest first; the JWKs hold their
 *       private parts, for the edges that sign. Only ever on the node's own bus or the cluster's mutual-TLS bus.</li>
 *   <li>{@link #ROTATE}: {@code {}} → {@code {"kid"}} of the new signing key, recorded in the audit trail with the
 *       {@link RequestOrigin} of the request's headers.</li>
 * </ul>
 * The keeper publishes {@link #CHANGED} {@code {}} after every rotation: edges fetch the ring again.
 */
public final class KeyAddresses {

  public static final String GET = "keys.get";
  public static final String ROTATE = "keys.rotate";
  public static final String CHANGED = "keys.changed";

  private KeyAddresses() {
  }
}
