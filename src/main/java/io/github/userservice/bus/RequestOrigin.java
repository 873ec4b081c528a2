package io.github.userservice.bus;

import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Who a request on the bus acts for, sent in headers beside the body: the HTTP request's id, the client's address as
 * the edge determined it ({@code X-Forwarded-For} from trusted proxies only), and the authenticated caller, if any.
 * The store throttles by the address and writes all three into the audit trail. Never a secret.
 *
 * @param requestId     the {@code X-Request-Id} of the HTTP request, or null
 * @param clientAddress the client's IP address, or null
 * @param actor         the canonical login of the caller who proved who they are, or null
 */
public record RequestOrigin(String requestId, String clientAddress, String actor) {

  public static final String REQUEST_ID = "request-id";
  public static final String CLIENT_ADDRESS = "client-address";
  public static final String ACTOR = "actor";
  /** Requests made by the service itself, e.g. a scheduled key rotation. */
  public static final RequestOrigin SERVICE = new RequestOrigin(null, null, null);
  private static final int MAX_LENGTH = 256;

  /** What the headers say; a header that is absent, blank or too long is none. */
  public static RequestOrigin from(MultiMap headers) {
    return new RequestOrigin(header(headers, REQUEST_ID), header(headers, CLIENT_ADDRESS), header(headers, ACTOR));
  }

  public RequestOrigin withActor(String login) {
    return new RequestOrigin(requestId, clientAddress, login);
  }

  /** These headers added to the options. */
  public DeliveryOptions addTo(DeliveryOptions options) {
    put(options, REQUEST_ID, requestId);
    put(options, CLIENT_ADDRESS, clientAddress);
    put(options, ACTOR, actor);
    return options;
  }

  private static void put(DeliveryOptions options, String name, String value) {
    if (value != null) {
      options.addHeader(name, value);
    }
  }

  private static String header(MultiMap headers, String name) {
    String value = headers.get(name);
    return value == null || value.isBlank() || value.length() > MAX_LENGTH ? null : value;
  }
}
