import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes the CPU samples ({@code jdk.ExecutionSample}) of a JFR recording: the hottest frames
 * (self time), each library's share of the samples (a sample counts once per library on its stack),
 * and the hottest methods of our own code and Axon's command and event-store paths (inclusive).
 *
 * <p>Usage: java bench/JfrTop.java RECORDING.jfr [TOP]
 */
public class JfrTop {

  private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

  static {
    LIBRARIES.put("io.amplifier.", "our code");
    LIBRARIES.put("org.axonframework.", "Axon");
    LIBRARIES.put("com.fasterxml.jackson.", "Jackson");
    LIBRARIES.put("org.postgresql.", "pgjdbc");
    LIBRARIES.put("com.zaxxer.hikari.", "HikariCP");
    LIBRARIES.put("org.springframework.security.", "Spring Security");
    LIBRARIES.put("org.springframework.web.", "Spring MVC");
    LIBRARIES.put("org.springframework.jdbc.", "Spring JDBC");
    LIBRARIES.put("org.springframework.transaction.", "Spring transactions");
    LIBRARIES.put("io.micrometer.", "Micrometer (observations, meters)");
    LIBRARIES.put("org.apache.catalina.", "Tomcat (Catalina)");
    LIBRARIES.put("org.apache.coyote.", "Tomcat (Coyote)");
    LIBRARIES.put("org.apache.tomcat.", "Tomcat (util, NIO)");
    LIBRARIES.put("org.hibernate.validator.", "Hibernate Validator");
    LIBRARIES.put("org.jasypt.", "jasypt");
    LIBRARIES.put("javax.crypto.", "JCE (javax.crypto, com.sun.crypto, sun.security)");
    LIBRARIES.put("com.sun.crypto.", "JCE (javax.crypto, com.sun.crypto, sun.security)");
    LIBRARIES.put("sun.security.", "JCE (javax.crypto, com.sun.crypto, sun.security)");
    LIBRARIES.put("org.flywaydb.", "Flyway");
    LIBRARIES.put("ch.qos.logback.", "Logback");
    LIBRARIES.put("org.slf4j.", "Logback");
  }

  public static void main(String[] args) throws Exception {
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> libraries = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")
          || event.getStackTrace() == null
          || event.getStackTrace().getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      self.merge(name(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      Set<String> seenLibraries = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String name = name(frame);
        if (seen.add(name)) {
          inclusive.merge(name, 1, Integer::sum);
        }
        for (Map.Entry<String, String> library : LIBRARIES.entrySet()) {
          if (name.startsWith(library.getKey()) && seenLibraries.add(library.getValue())) {
            libraries.merge(library.getValue(), 1, Integer::sum);
          }
        }
      }
    }
    System.out.printf("%d CPU samples%n-- hottest frames (self)%n", samples);
    print(self, samples, top, name -> true);
    System.out.println("-- libraries on the stack (inclusive)");
    print(libraries, samples, LIBRARIES.size(), name -> true);
    System.out.println("-- our code and Axon's command / event-store paths (inclusive)");
    print(
        inclusive,
        samples,
        top,
        name ->
            name.startsWith("io.amplifier.")
                || name.startsWith("org.axonframework.commandhandling.")
                || name.startsWith("org.axonframework.eventsourcing.")
                || name.startsWith("org.axonframework.messaging.unitofwork."));
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static void print(
      Map<String, Integer> counts, int samples, int top, java.util.function.Predicate<String> keep) {
    counts.entrySet().stream()
        .filter(e -> keep.test(e.getKey()))
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(top)
        .forEach(e -> System.out.printf("%5.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
  }
}
