package io.github.userservice.config;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

import java.net.URL;

/**
 * Switches logging to the configured format before the service starts: {@code logback.xml} (text, the default)
 * or {@code logback-json.xml}, one JSON object per line (logstash-logback-encoder), whose request lines carry
 * {@code requestId}, {@code client}, {@code method}, {@code route}, {@code status} and {@code durationMs} as fields.
 */
public final class LogFormat {

  private LogFormat() {
  }

  public static void apply(ServiceConfig.Log log) {
    if (!log.format().equals("json")) {
      return;
    }
    URL json = LogFormat.class.getClassLoader().getResource("logback-json.xml");
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(json);
    } catch (JoranException e) {
      throw new IllegalStateException("cannot configure JSON logging from logback-json.xml", e);
    }
  }
}
