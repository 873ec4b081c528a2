package io.github.userservice.command;

import io.vertx.core.Vertx;

import java.util.Map;

/** Starts the service in this JVM exactly as {@code java -jar user-service.jar ARGS} does, for {@link TrainCommand}. */
@FunctionalInterface
public interface ServiceStarter {

  /**
   * @param args        the launcher's arguments, e.g. {@code -conf FILE}
   * @param environment what stands for the process's environment: the {@code USER_SERVICE_*} overrides are read from it
   * @return the service's Vert.x, once the main verticle is deployed; a failure to start ends the JVM, as it does for
   *     a start from the command line
   */
  Vertx start(String[] args, Map<String, String> environment);
}
