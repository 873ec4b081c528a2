package io.github.userservice.store;

import io.github.userservice.bus.UserRecord;

/** A row of {@code users} with its password hash: it leaves the store only through an admin's export. */
record StoredUser(UserRecord record, String passwordHash) {

  String login() {
    return record.account().login();
  }
}
