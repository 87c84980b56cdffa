package io.amplifier.appapi.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;

/**
 * The module rules of DESIGN.md §2 and STYLE.md, as sentences. {@link ArchitectureRulesFailTest}
 * proves that each rule catches a deliberately bad class.
 */
@AnalyzeClasses(
    packages = "io.amplifier.appapi",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

  /**
   * Leaves out the modules' test jars (platform-api's test support, on the classpath as a jar under
   * {@code verify}, where {@link ImportOption.DoNotIncludeTests} sees only directories).
   */
  static final class NoTestJars implements ImportOption {
    @Override
    public boolean includes(com.tngtech.archunit.core.importer.Location location) {
      return !location.contains("-tests.jar");
    }
  }

  static final String ROOT = "io.amplifier.appapi";
  static final String USERS = ROOT + ".users..";
  static final String CONFIGS = ROOT + ".configs..";
  static final String SESSIONS = ROOT + ".sessions..";
  static final String AUDIT = ROOT + ".audit..";
  static final String WEBHOOKS = ROOT + ".webhooks..";
  static final String PLATFORM_API = ROOT + ".platform.api..";
  static final String PLATFORM = ROOT + ".platform";
  static final java.util.List<String> MODULES =
      java.util.List.of("users", "configs", "sessions", "audit", "webhooks");

  /** Classes of the modules' internals: anything in a module outside its {@code api}. */
  static DescribedPredicate<JavaClass> internalsOf(String module) {
    String prefix = ROOT + "." + module;
    return DescribedPredicate.describe(
        "internals of " + module,
        c ->
            (c.getPackageName().equals(prefix) || c.getPackageName().startsWith(prefix + "."))
                && !(c.getPackageName().equals(prefix + ".api")
                    || c.getPackageName().startsWith(prefix + ".api.")));
  }

  @ArchTest
  static final ArchRule users_should_not_depend_on_other_modules =
      noClasses()
          .that()
          .resideInAPackage(USERS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(CONFIGS, SESSIONS, AUDIT, WEBHOOKS)
          .because("users is the innermost context: everything may know users, users knows no one")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule configs_should_only_use_the_api_of_users =
      noClasses()
          .that()
          .resideInAPackage(CONFIGS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(SESSIONS, AUDIT, WEBHOOKS)
          .orShould()
          .dependOnClassesThat(internalsOf("users"))
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule sessions_should_only_use_the_api_of_configs_and_users =
      noClasses()
          .that()
          .resideInAPackage(SESSIONS)
          .should()
          .dependOnClassesThat(internalsOf("configs"))
          .orShould()
          .dependOnClassesThat(internalsOf("users"))
          .orShould()
          .dependOnClassesThat()
          .resideInAnyPackage(AUDIT, WEBHOOKS)
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule audit_should_only_use_the_api_of_the_other_modules =
      noClasses()
          .that()
          .resideInAPackage(AUDIT)
          .should()
          .dependOnClassesThat(internalsOf("users"))
          .orShould()
          .dependOnClassesThat(internalsOf("configs"))
          .orShould()
          .dependOnClassesThat(internalsOf("sessions"))
          .orShould()
          .dependOnClassesThat(internalsOf("webhooks"))
          .because("audit reads every module's events, through their api only")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule webhooks_should_only_use_the_api_of_users_configs_and_sessions =
      noClasses()
          .that()
          .resideInAPackage(WEBHOOKS)
          .should()
          .dependOnClassesThat(internalsOf("users"))
          .orShould()
          .dependOnClassesThat(internalsOf("configs"))
          .orShould()
          .dependOnClassesThat(internalsOf("sessions"))
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage(AUDIT)
          .because(
              "webhooks deliver every module's events and use the sessions' outbound policy and the"
                  + " configs' sealing, through their api only (ADR 0027)")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule app_should_only_use_the_api_of_modules =
      noClasses()
          .that()
          .resideOutsideOfPackages(USERS, CONFIGS, SESSIONS, AUDIT, WEBHOOKS)
          .should()
          .dependOnClassesThat(internalsOf("users"))
          .orShould()
          .dependOnClassesThat(internalsOf("configs"))
          .orShould()
          .dependOnClassesThat(internalsOf("sessions"))
          .orShould()
          .dependOnClassesThat(internalsOf("audit"))
          .orShould()
          .dependOnClassesThat(internalsOf("webhooks"))
          .because("the application assembles modules through their api, never their insides")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule modules_should_share_nothing_but_apis_and_the_platform_api =
      classes()
          .that()
          .resideInAnyPackage(USERS, CONFIGS, SESSIONS, AUDIT, WEBHOOKS)
          .should(useOnlyTheirOwnModuleApisAndThePlatformApi())
          .because(
              "the platform api is the one shared piece (ADR 0014): no common package, and nothing"
                  + " of the application, may grow beside it")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule platform_api_should_depend_on_no_module =
      noClasses()
          .that()
          .resideInAPackage(PLATFORM_API)
          .should()
          .dependOnClassesThat(
              DescribedPredicate.describe(
                  "classes of the modules or the application",
                  (JavaClass c) ->
                      ours(c.getPackageName())
                          && !c.getPackageName().startsWith(ROOT + ".platform.api")))
          .because("every module depends on the platform api, so it may know none of them")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule modules_should_be_free_of_cycles =
      slices()
          .matching(ROOT + ".(users|configs|sessions|audit|webhooks)..")
          .should()
          .beFreeOfCycles()
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule servlet_filters_should_reside_in_web_or_platform_security =
      classes()
          .that()
          .areAssignableTo("jakarta.servlet.Filter")
          .and()
          .areNotInterfaces()
          .should()
          .resideInAnyPackage("..web..", PLATFORM + ".security..")
          .because(
              "the request's edge is a web room; platform.security's AuthenticationFilter runs in"
                  + " the Spring Security chain that SecurityConfiguration builds")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule only_the_event_store_should_use_axon_jdbc =
      noClasses()
          .that()
          .resideOutsideOfPackage(PLATFORM + ".eventstore..")
          .and()
          .doNotHaveFullyQualifiedName(ROOT + ".admin.DeadLetters")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.axonframework.common.jdbc..",
              "org.axonframework.eventsourcing.eventstore.jdbc..",
              "org.axonframework.eventhandling.tokenstore.jdbc..",
              "org.axonframework.eventhandling.deadletter.jdbc..")
          .because(
              "platform.eventstore owns the tables Axon writes; admin's DeadLetters only reads a"
                  + " JDBC dead letter's row")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule platform_rooms_should_be_free_of_cycles =
      slices()
          .matching(PLATFORM + ".(*)..")
          .should()
          .beFreeOfCycles()
          .ignoreDependency(
              PLATFORM + ".problems.ProblemDetailsAdvice", PLATFORM + ".web.RequestSizeLimit")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule api_should_contain_only_records_enums_and_interfaces =
      classes()
          .that()
          .resideInAPackage(ROOT + ".*.api..")
          .and()
          .areTopLevelClasses()
          .and()
          .doNotHaveSimpleName("package-info")
          .should(beRecordsEnumsOrInterfaces())
          .because("an api is a contract of plain data and types; behaviour stays inside")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule aggregates_should_reside_in_command =
      classes()
          .that()
          .areAnnotatedWith("org.axonframework.spring.stereotype.Aggregate")
          .should()
          .resideInAPackage("..command..")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule events_should_be_records_ending_with_Event =
      classes()
          .that()
          .resideInAPackage(ROOT + ".*.api..")
          .and()
          .haveSimpleNameEndingWith("Event")
          .and()
          .areNotInterfaces()
          .should()
          .beRecords()
          .andShould()
          .beAnnotatedWith("org.axonframework.serialization.Revision")
          .because("events are immutable facts kept forever, versioned from day one")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule controllers_should_reside_in_web =
      classes()
          .that()
          .areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
          .and()
          .resideInAnyPackage(USERS, CONFIGS, SESSIONS, AUDIT, WEBHOOKS)
          .should()
          .resideInAPackage("..web..")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule controllers_should_not_reach_into_command_or_runtime =
      noClasses()
          .that()
          .areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
          .and()
          .resideInAnyPackage(USERS, CONFIGS, SESSIONS, AUDIT, WEBHOOKS)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ROOT + ".*.command..", ROOT + ".*.runtime..")
          .because(
              "a controller translates HTTP to a command, query or service call and back; leases,"
                  + " forks and turns are the module's services' (issue 23)")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule no_field_injection =
      GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

  @ArchTest
  static final ArchRule no_generic_exceptions =
      GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

  @ArchTest
  static final ArchRule no_java_util_logging =
      GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

  @ArchTest
  static final ArchRule no_access_to_standard_streams =
      GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

  private static boolean ours(String pkg) {
    return pkg.equals(ROOT) || pkg.startsWith(ROOT + ".");
  }

  /** {@code users} for {@code io.amplifier.appapi.users.query}, else empty. */
  private static String moduleOf(String pkg) {
    for (String module : MODULES) {
      String prefix = ROOT + "." + module;
      if (pkg.equals(prefix) || pkg.startsWith(prefix + ".")) {
        return module;
      }
    }
    return "";
  }

  private static boolean isApi(String pkg, String module) {
    String api = ROOT + "." + module + ".api";
    return pkg.equals(api) || pkg.startsWith(api + ".");
  }

  private static ArchCondition<JavaClass> useOnlyTheirOwnModuleApisAndThePlatformApi() {
    return new ArchCondition<>(
        "use only their own module, other modules' api and the platform api") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        String own = moduleOf(item.getPackageName());
        item.getDirectDependenciesFromSelf()
            .forEach(
                d -> {
                  String target = d.getTargetClass().getPackageName();
                  if (!ours(target)) {
                    return;
                  }
                  String module = moduleOf(target);
                  boolean allowed =
                      module.equals(own)
                          || (!module.isEmpty() && isApi(target, module))
                          || target.equals(ROOT + ".platform.api")
                          || target.startsWith(ROOT + ".platform.api.");
                  if (!allowed) {
                    events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                  }
                });
      }
    };
  }

  private static ArchCondition<JavaClass> beRecordsEnumsOrInterfaces() {
    return new ArchCondition<>("be records, enums or interfaces") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        boolean ok = item.isRecord() || item.isEnum() || item.isInterface() || item.isAnnotation();
        if (!ok) {
          events.add(
              SimpleConditionEvent.violated(
                  item,
                  item.getName() + " is a class; an api holds records, enums and interfaces"));
        }
      }
    };
  }
}
