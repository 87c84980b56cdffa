package io.amplifier.appapi.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The documents name only classes that exist. Every backticked Java-looking name in the ADRs, the
 * README, {@code docs/architecture.md} and the module canvases ({@code `InlineViews`}, {@code
 * `platform.InlineViews`}, {@code `TurnRunner.run`}, {@code `Foo#bar`}, {@code `@Revision`}) must
 * be a type declared in some module's {@code src/main/java} or {@code src/test/java} (nested types
 * count; a package qualifier must match the declaring package's tail; a member must occur in the
 * declaring file), a class of a library the project builds on (found on the test classpath under
 * {@link #LIBRARIES} or in the JDK's {@code java.*} and {@code javax.*} packages), or a stable
 * event name of {@code events/type-names.txt}. What is none of these (an HTTP header, a file) is in
 * {@link #NOT_CLASSES} with its reason. A class renamed or removed therefore fails this test until
 * the documents follow it.
 */
class DocsNameExistingClassesTest {

  private static final Path ROOT = Path.of("..");

  /** Packages of the libraries the project depends on, where a name that is not ours may live. */
  private static final List<String> LIBRARIES =
      List.of(
          "org.axonframework",
          "org.springframework",
          "org.springdoc",
          "com.fasterxml.jackson",
          "org.postgresql",
          "org.flywaydb",
          "com.zaxxer.hikari",
          "io.micrometer",
          "org.jasypt",
          "io.zonky",
          "org.jspecify",
          "com.github.benmanes.caffeine",
          "io.github.bucket4j",
          "jakarta",
          "org.apache.catalina",
          "org.apache.tomcat",
          "org.slf4j",
          "org.junit",
          "org.assertj",
          "com.tngtech.archunit",
          "org.testcontainers",
          "com.github.tomakehurst.wiremock",
          "com.nimbusds");

  /** Backticked names that look like classes but are none of ours nor a library's, and why. */
  private static final Map<String, String> NOT_CLASSES =
      Map.of(
          "NounVerbedEvent", "the naming pattern of events (ADR 3), not a class",
          "Authorization", "the HTTP header",
          "Bearer", "the HTTP authentication scheme",
          "Dockerfile", "the image's build file");

  /** An inline code span that is a (possibly qualified) type, maybe with a member. */
  private static final Pattern SPAN =
      Pattern.compile("`(@?[A-Za-z_]\\w*(?:[.#][A-Za-z_]\\w*)*)(?:\\((?:…)?\\))?`");

  private static final Pattern TYPE_SEGMENT = Pattern.compile("[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*");
  private static final Pattern PACKAGE_SEGMENT = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```\\s*$");
  private static final Pattern DECLARATION =
      Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z][A-Za-z0-9_]*)");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");

  /** A Java source of ours: its package, the types it declares and its text. */
  private record Source(Path path, String packageName, Set<String> types, String text) {}

  @Test
  void shouldNameOnlyClassesThatExist() throws IOException {
    List<Source> sources = sources();
    Map<String, List<Source>> ours = new HashMap<>();
    for (Source source : sources) {
      for (String type : source.types()) {
        ours.computeIfAbsent(type, t -> new ArrayList<>()).add(source);
      }
    }
    Set<String> stableNames = stableEventNames();
    Map<String, Set<String>> libraries = libraryClasses();

    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Path doc : documents()) {
      String text = FENCE.matcher(Files.readString(doc, StandardCharsets.UTF_8)).replaceAll("");
      Matcher span = SPAN.matcher(text);
      Set<String> seen = new TreeSet<>();
      while (span.find()) {
        String name = span.group(1);
        if (!seen.add(name) || NOT_CLASSES.containsKey(name) || stableNames.contains(name)) {
          continue;
        }
        Reference reference = Reference.parse(name);
        if (reference == null) {
          continue;
        }
        checked++;
        String problem = reference.check(ours, libraries);
        if (problem != null) {
          missing.add(ROOT.relativize(doc).normalize() + ": `" + name + "` " + problem);
        }
      }
    }
    assertThat(checked).as("class names found in the documents").isGreaterThan(100);
    assertThat(missing)
        .as(
            "names in the documents that are no class of ours nor of a library (rename them in the"
                + " document, or, for what is not a class, add them to NOT_CLASSES with a reason)")
        .isEmpty();
  }

  /**
   * A name as a document writes it: package qualifier segments, type segments (outer to inner) and
   * maybe a member.
   */
  private record Reference(List<String> qualifier, List<String> types, String member) {

    /** The reference a span writes, or null when it names no type (a constant, a file name). */
    static @Nullable Reference parse(String name) {
      String plain = name.startsWith("@") ? name.substring(1) : name;
      String[] segments = plain.split("[.#]");
      List<String> qualifier = new ArrayList<>();
      List<String> types = new ArrayList<>();
      String member = "";
      for (String segment : segments) {
        if (!member.isEmpty()) {
          return null; // a.B.c.d: not a member reference we know how to read
        }
        if (TYPE_SEGMENT.matcher(segment).matches()) {
          types.add(segment);
        } else if (types.isEmpty() && PACKAGE_SEGMENT.matcher(segment).matches()) {
          qualifier.add(segment);
        } else if (!types.isEmpty()) {
          member = segment.equals("java") ? "" : segment; // Foo.java names Foo's file
        } else {
          return null; // SOME_CONSTANT, V7, a file name
        }
      }
      return types.isEmpty() ? null : new Reference(qualifier, types, member);
    }

    /** Why the name names nothing, or null when it names a type (and member) that exists. */
    @Nullable String check(Map<String, List<Source>> ours, Map<String, Set<String>> libraries) {
      String type = types.get(types.size() - 1);
      List<Source> declaring =
          ours.getOrDefault(type, List.of()).stream()
              .filter(s -> s.types().containsAll(types))
              .filter(s -> qualifies(s.packageName()))
              .toList();
      if (!declaring.isEmpty()) {
        if (member.isEmpty()) {
          return null;
        }
        Pattern word = Pattern.compile("\\b" + Pattern.quote(member) + "\\b");
        return declaring.stream().anyMatch(s -> word.matcher(s.text()).find())
            ? null
            : "names a member `" + member + "` that " + declaring.get(0).path() + " does not have";
      }
      String nested = String.join(".", types);
      for (String library : libraries.getOrDefault(nested, Set.of())) {
        if (qualifies(library.substring(0, Math.max(0, library.length() - nested.length() - 1)))) {
          return null;
        }
      }
      if (jdkHas(nested)) {
        return null;
      }
      return ours.containsKey(type)
          ? "is declared in " + ours.get(type).get(0).path() + ", not under that qualifier"
          : "is no type in any */src/{main,test}/java, nor in a library on the test classpath";
    }

    private boolean qualifies(String packageName) {
      String wanted = String.join(".", qualifier);
      return wanted.isEmpty() || packageName.equals(wanted) || packageName.endsWith("." + wanted);
    }

    private boolean jdkHas(String nested) {
      String binary = nested.replace('.', '$');
      String wanted = String.join(".", qualifier);
      for (Module module : ModuleLayer.boot().modules()) {
        ModuleDescriptor descriptor = module.getDescriptor();
        for (String pkg : descriptor.packages()) {
          if ((pkg.startsWith("java.") || pkg.startsWith("javax."))
              && (wanted.isEmpty() || pkg.equals(wanted) || pkg.endsWith("." + wanted))) {
            try {
              Class.forName(pkg + "." + binary, false, ClassLoader.getPlatformClassLoader());
              return true;
            } catch (ClassNotFoundException e) {
              // not in this package
            }
          }
        }
      }
      return false;
    }
  }

  private static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(ROOT.resolve("README.md"));
    docs.add(ROOT.resolve("docs/architecture.md"));
    for (String dir : List.of("docs/adr", "docs/modules")) {
      try (Stream<Path> files = Files.list(ROOT.resolve(dir))) {
        files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
      }
    }
    return docs;
  }

  /** Every Java source under a module's {@code src/main/java} or {@code src/test/java}. */
  private static List<Source> sources() throws IOException {
    List<Path> roots = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      modules.forEach(
          module -> {
            roots.add(module.resolve("src/main/java"));
            roots.add(module.resolve("src/test/java"));
          });
    }
    List<Source> sources = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        files
            .filter(f -> f.toString().endsWith(".java"))
            .forEach(f -> sources.add(source(ROOT.relativize(f).normalize())));
      }
    }
    assertThat(sources).as("Java sources under " + ROOT.toAbsolutePath()).hasSizeGreaterThan(100);
    return sources;
  }

  private static Source source(Path file) {
    try {
      String text = Files.readString(ROOT.resolve(file), StandardCharsets.UTF_8);
      Matcher pkg = PACKAGE.matcher(text);
      Set<String> types = new HashSet<>();
      Matcher declaration = DECLARATION.matcher(text);
      while (declaration.find()) {
        types.add(declaration.group(1));
      }
      return new Source(file, pkg.find() ? pkg.group(1) : "", types, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The stored event type names ({@code configs.ConfigCreated}), which documents name too. */
  private static Set<String> stableEventNames() throws IOException {
    Set<String> names = new HashSet<>();
    for (String line :
        Files.readAllLines(
            ROOT.resolve("app/src/test/resources/events/type-names.txt"), StandardCharsets.UTF_8)) {
      int equals = line.indexOf('=');
      if (!line.startsWith("#") && equals > 0) {
        names.add(line.substring(0, equals).strip());
      }
    }
    return names;
  }

  /**
   * The classes of {@link #LIBRARIES} on the test classpath, by their name without package ({@code
   * TrackingEventProcessor}, {@code Map.Entry} for a nested one), to their qualified names.
   */
  private static Map<String, Set<String>> libraryClasses() throws IOException {
    PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    Map<String, Set<String>> classes = new HashMap<>();
    for (String library : LIBRARIES) {
      String dir = library.replace('.', '/') + "/";
      for (Resource resource : resolver.getResources("classpath*:" + dir + "**/*.class")) {
        String url = resource.getURL().toString();
        int inJar = url.lastIndexOf("!/");
        String path = inJar >= 0 ? url.substring(inJar + 2) : url.substring(url.lastIndexOf(dir));
        String binary = path.substring(0, path.length() - ".class".length()).replace('/', '.');
        if (binary.matches(".*\\$\\d.*")
            || binary.endsWith("package-info")
            || binary.contains(".shaded.")
            || binary.contains(".thirdparty.")) {
          continue; // anonymous classes, package annotations, other libraries repackaged
        }
        String qualified = binary.replace('$', '.');
        String pkg = binary.substring(0, binary.lastIndexOf('.'));
        String nested = qualified.substring(pkg.length() + 1);
        classes.computeIfAbsent(nested, n -> new HashSet<>()).add(qualified);
        int inner = nested.lastIndexOf('.');
        if (inner >= 0) {
          classes.computeIfAbsent(nested.substring(inner + 1), n -> new HashSet<>()).add(qualified);
        }
      }
    }
    assertThat(classes).as("library classes on the test classpath").containsKey("TrackingToken");
    return classes;
  }
}
