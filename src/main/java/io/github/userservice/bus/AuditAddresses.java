package io.github.userservice.bus;

/**
 * The event-bus surface of the audit trail, which the store nodes keep ({@link AuditEvent}).
 *
 * <ul>
 *   <li>{@link #RECORD}: {@code {"event": event}} → {@code {}} once the event is stored (with its webhook deliveries),
 *       for parts of the store role that do not write users, such as the key ring's keeper. The request's
 *       {@link RequestOrigin} headers are not used: the event says who.</li>
 *   <li>{@link #LIST}: {@code {"after", "login", "type", "limit"}} → {@code {"events": [event...], "more": bool}}, the
 *       events after the id {@code after} (0: from the first), oldest first, of this login and type when given, at
 *       most {@code limit}, 1 to {@link UserAddresses#MAX_PAGE}; fails {@code INVALID_REQUEST}.</li>
 * </ul>
 */
public final class AuditAddresses {

  public static final String RECORD = "audit.record";
  public static final String LIST = "audit.list";

  private AuditAddresses() {
  }
}
