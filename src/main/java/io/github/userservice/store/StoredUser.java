package io.github.userservice.store;

import io.github.userservice.account.Account;

/** A row of {@code users} with its password hash: it stays inside the store and is never sent anywhere. */
record StoredUser(Account account, String passwordHash) {
}
