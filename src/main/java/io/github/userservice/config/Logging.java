package io.github.userservice.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Logging on standard output, configured in code rather than {@code logback.xml}: parsing XML was a noticeable
 * part of start-up. Logback finds this class through {@code META-INF/services} and logs text lines for people;
 * {@link #apply} switches to {@code json}, one object per line (logstash-logback-encoder), whose request lines carry
 * {@code requestId}, {@code client}, {@code method}, {@code path}, {@code route}, {@code status} and {@code durationMs}.
 */
public final class Logging extends ContextAwareBase implements Configurator {

  private static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    configure(context, text(context));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The configured format, applied before the service starts ({@code text} is already in place). */
  public static void apply(ServiceConfig.Log log) {
    if (log.format().equals("json")) {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      context.reset();
      configure(context, json(context));
    }
  }

  private static void configure(LoggerContext context, Encoder<ILoggingEvent> encoder) {
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("stdout");
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    context.getLogger("io.netty").setLevel(Level.WARN);
    // its DEBUG lines hold every mail whole, reset and verification tokens included, and the relay login
    context.getLogger("io.vertx.ext.mail").setLevel(Level.INFO);
    // vertx-micrometer-metrics 5.0.7 registers the event-bus handler gauge from every store instance at once at
    // start-up, and Micrometer warns about the second registration of the same gauge, which is harmless
    context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
    // clustered: Hazelcast warns that its CP subsystem is off, which Vert.x does not use (its locks are plain maps)
    context.getLogger("com.hazelcast.cp.CPSubsystem").setLevel(Level.ERROR);
  }

  private static Encoder<ILoggingEvent> text(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(TEXT_PATTERN);
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> json(LoggerContext context) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    encoder.setIncludeContext(false);
    encoder.getFieldNames().setTimestamp("time");
    encoder.getFieldNames().setVersion("[ignore]");
    encoder.getFieldNames().setLevelValue("[ignore]");
    encoder.start();
    return encoder;
  }
}
