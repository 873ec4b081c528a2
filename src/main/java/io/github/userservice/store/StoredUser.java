package io.github.userservice.store;

import io.github.userservice.bus.UserRecord;

/** A row of {@code users} with its password hash: it stays inside the store and is never sent anywhere. */
record StoredUser(UserRecord record, String passwordHash) {

  String login() {
    return record.account().login();
  }
}
