package io.github.userservice.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Ports for the servers the tests start, each free when handed out and never handed out twice by this JVM. Chosen
 * below the kernel's ephemeral range (Linux: 32768 up), not by binding port 0: a port is chosen before its server
 * starts, and one from the ephemeral range could meanwhile become the local end of an outbound connection (a Hazelcast
 * member dialling another, a client of the other test JVM), so the server meant for it would fail to bind. Two test
 * JVMs draw at random from 12,000 ports, and a port one of them has bound is skipped by the other.
 */
public final class FreePorts {

  private static final Random RANDOM = new Random();
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePorts() {
  }

  public static synchronized int next() {
    while (true) {
      int port = 20_000 + RANDOM.nextInt(12_000);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket(port)) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // in use: try another
      }
    }
  }
}
