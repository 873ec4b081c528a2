package io.github.userservice.password;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.JMException;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * BouncyCastle's Argon2 block function compiled in one piece, arranged from inside the process, so that a plain
 * {@code java -jar} gets it as {@code java @conf/jvm.options -jar} used to. {@code applyBlake} calls
 * {@code roundFunction} (through the accessor {@code access$500}) 16 times per 1 KiB block. Left to itself, HotSpot's
 * C2 either compiles {@code applyBlake} whole with both inlined, or inlines {@code applyBlake} into its callers and
 * then calls {@code roundFunction} out of line ("too big", then "already compiled into a medium method"), depending on
 * which compilation finishes first; the second shape hashes about a fifth slower for the whole life of the process
 * (bench/RESULTS.md, "What the misses are made of"). These compiler directives fix the first shape, as the
 * {@code -XX:CompileCommand} lines did: {@code applyBlake} never inlined into its callers, the other two always into
 * it. Added at run time as {@code jcmd PID Compiler.directives_add FILE} does, through the DiagnosticCommand MBean,
 * before BouncyCastle's first hash. On a JVM without it (not HotSpot) nothing happens but one log line. If a
 * BouncyCastle release renames these methods, the directives match nothing and change nothing.
 */
final class BouncyCastleJitShape {

  private static final Logger LOG = LoggerFactory.getLogger(BouncyCastleJitShape.class);
  private static final AtomicBoolean PINNED = new AtomicBoolean();

  private static final String GENERATOR = "org/bouncycastle/crypto/generators/Argon2BytesGenerator";
  /**
   * HotSpot's compiler directives (JEP 165), for every compilation as a CompileCommand is: a compilation inlines by
   * the directive of the method it starts from, and BouncyCastle's methods may be inlined into others.
   */
  static final String DIRECTIVES = "[{\n"
    + "  match: \"*.*\",\n"
    + "  inline: [\"-" + GENERATOR + "$FillBlock.applyBlake\", \"+" + GENERATOR + ".access$500\", \"+" + GENERATOR + ".roundFunction\"]\n"
    + "}]\n";

  private BouncyCastleJitShape() {
  }

  /** Adds the directives once per process; later calls return at once. */
  static void pin() {
    if (PINNED.get() || !PINNED.compareAndSet(false, true)) {
      return;
    }
    String outcome;
    try {
      Path file = Files.writeString(Files.createTempFile("argon2-jit-", ".json"), DIRECTIVES);
      try {
        outcome = diagnosticCommand("compilerDirectivesAdd", file.toString());
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (JMException | IOException | RuntimeException unavailable) {
      outcome = unavailable.toString();
    }
    if (outcome.startsWith("1 compiler directives added")) {
      LOG.debug("BouncyCastle's Argon2 compiler directives added");
    } else {
      LOG.info("BouncyCastle's Argon2 runs without its compiler directives ({}): it may hash up to a fifth slower",
        outcome.lines().findFirst().orElse(""));
    }
  }

  /** What HotSpot's {@code Compiler.directives_print} prints: the directives in force, the default last. */
  static String directivesInForce() throws JMException {
    return diagnosticCommand("compilerDirectivesPrint");
  }

  private static String diagnosticCommand(String operation, String... arguments) throws JMException {
    Object output = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
      operation, new Object[] {arguments}, new String[] {String[].class.getName()});
    return String.valueOf(output);
  }
}
