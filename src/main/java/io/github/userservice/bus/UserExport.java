package io.github.userservice.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * An export the store holds open: a snapshot of the users, read a page at a time from the store instance that holds
 * it, at the address it gave. Close it when done; the store closes one left unused for a minute.
 */
public final class UserExport {

  /** Users as the export's lines show them ({@code login, passwordHash, registeredAt}), and whether more follow. */
  public record Page(List<JsonObject> users, boolean more) {

    /** Where the next page starts: after this page's last login. */
    public String lastLogin() {
      return users.get(users.size() - 1).getString("login");
    }
  }

  private final EventBus bus;
  private final String address;
  private final DeliveryOptions delivery;

  UserExport(EventBus bus, String address, DeliveryOptions delivery) {
    this.bus = bus;
    this.address = address;
    this.delivery = delivery;
  }

  /** The users of this page of the snapshot. */
  public Future<Page> next(PageRequest page) {
    return bus.<JsonObject>request(address, page.toJson(), delivery)
      .map(Message::body)
      .map(reply -> new Page(reply.getJsonArray("users").stream().map(JsonObject.class::cast).toList(), reply.getBoolean("more")));
  }

  public Future<Void> close() {
    return bus.request(address, new JsonObject().put("close", true), delivery).mapEmpty();
  }
}
