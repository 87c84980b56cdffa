package io.amplifier.appapi.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.amplifier.appapi.archfixture.AppUsingModuleInternals;
import io.amplifier.appapi.archfixture.AxonJdbcOutsideTheEventStore;
import io.amplifier.appapi.archfixture.CodingSins;
import io.amplifier.appapi.archfixture.FilterOutsideWeb;
import io.amplifier.appapi.configs.api.ConfigCreatedEvent;
import io.amplifier.appapi.configs.api.ConfigId;
import io.amplifier.appapi.configs.archfixture.ConfigsUsingSessions;
import io.amplifier.appapi.configs.archfixture.ConfigsUsingThePlatform;
import io.amplifier.appapi.configs.archfixture.ConfigsUsingThePlatformApi;
import io.amplifier.appapi.configs.archfixture.ConfigsUsingUsersInternals;
import io.amplifier.appapi.configs.archfixture.MisplacedAggregate;
import io.amplifier.appapi.configs.archfixture.MisplacedController;
import io.amplifier.appapi.platform.api.Problem;
import io.amplifier.appapi.platform.api.ProjectionCommits;
import io.amplifier.appapi.platform.api.archfixture.PlatformApiKnowingUsers;
import io.amplifier.appapi.platform.eventstore.ProjectionErrorHandling;
import io.amplifier.appapi.platform.operations.RequestIds;
import io.amplifier.appapi.platform.operations.archfixture.OperationsKnowingTheWeb;
import io.amplifier.appapi.platform.security.AuthenticationFilter;
import io.amplifier.appapi.platform.web.RequestSizeLimit;
import io.amplifier.appapi.sessions.archfixture.ControllerUsingTheRuntime;
import io.amplifier.appapi.sessions.archfixture.SessionsUsingConfigsInternals;
import io.amplifier.appapi.users.api.Caller;
import io.amplifier.appapi.users.api.archfixture.BehaviourInApi;
import io.amplifier.appapi.users.api.archfixture.GoodThingHappenedEvent;
import io.amplifier.appapi.users.api.archfixture.MutableSomethingHappenedEvent;
import io.amplifier.appapi.users.archfixture.UsersKnowingConfigs;
import org.junit.jupiter.api.Test;

/** No rule is vacuous: each one flags a deliberately bad class, and lets a good one pass. */
class ArchitectureRulesFailTest {

  private static EvaluationResult evaluate(ArchRule rule, Class<?>... classes) {
    JavaClasses imported = new ClassFileImporter().importClasses(classes);
    return rule.evaluate(imported);
  }

  private static void assertViolated(ArchRule rule, Class<?>... bad) {
    assertThat(evaluate(rule, bad).hasViolation()).as(rule.getDescription()).isTrue();
  }

  private static void assertHolds(ArchRule rule, Class<?>... good) {
    assertThat(evaluate(rule, good).hasViolation()).as(rule.getDescription()).isFalse();
  }

  @Test
  void users_rule_catches_users_knowing_configs() {
    assertViolated(
        ArchitectureTest.users_should_not_depend_on_other_modules, UsersKnowingConfigs.class);
    assertHolds(ArchitectureTest.users_should_not_depend_on_other_modules, Caller.class);
  }

  @Test
  void configs_rule_catches_use_of_users_internals_and_of_sessions() {
    assertViolated(
        ArchitectureTest.configs_should_only_use_the_api_of_users,
        ConfigsUsingUsersInternals.class);
    assertViolated(
        ArchitectureTest.configs_should_only_use_the_api_of_users, ConfigsUsingSessions.class);
    assertHolds(ArchitectureTest.configs_should_only_use_the_api_of_users, ConfigId.class);
  }

  @Test
  void sessions_rule_catches_use_of_configs_internals() {
    assertViolated(
        ArchitectureTest.sessions_should_only_use_the_api_of_configs_and_users,
        SessionsUsingConfigsInternals.class);
  }

  @Test
  void app_rule_catches_use_of_module_internals() {
    assertViolated(
        ArchitectureTest.app_should_only_use_the_api_of_modules, AppUsingModuleInternals.class);
  }

  @Test
  void sharing_rule_catches_a_module_using_the_application_or_a_common_package() {
    assertViolated(
        ArchitectureTest.modules_should_share_nothing_but_apis_and_the_platform_api,
        ConfigsUsingThePlatform.class);
    assertViolated(
        ArchitectureTest.modules_should_share_nothing_but_apis_and_the_platform_api,
        ConfigsUsingUsersInternals.class);
    assertHolds(
        ArchitectureTest.modules_should_share_nothing_but_apis_and_the_platform_api,
        ConfigsUsingThePlatformApi.class,
        ConfigId.class);
  }

  @Test
  void platform_api_rule_catches_the_platform_api_knowing_a_module() {
    assertViolated(
        ArchitectureTest.platform_api_should_depend_on_no_module, PlatformApiKnowingUsers.class);
    assertHolds(
        ArchitectureTest.platform_api_should_depend_on_no_module,
        ProjectionCommits.class,
        Problem.class);
  }

  @Test
  void cycle_rule_catches_users_and_configs_knowing_each_other() {
    assertViolated(
        ArchitectureTest.modules_should_be_free_of_cycles,
        UsersKnowingConfigs.class,
        ConfigsUsingUsersInternals.class,
        ConfigId.class);
    assertHolds(
        ArchitectureTest.modules_should_be_free_of_cycles,
        ConfigsUsingUsersInternals.class,
        Caller.class);
  }

  @Test
  void filter_rule_catches_a_servlet_filter_outside_web() {
    assertViolated(
        ArchitectureTest.servlet_filters_should_reside_in_web_or_platform_security,
        FilterOutsideWeb.class);
    assertHolds(
        ArchitectureTest.servlet_filters_should_reside_in_web_or_platform_security,
        AuthenticationFilter.class);
  }

  @Test
  void axon_jdbc_rule_catches_a_class_outside_the_event_store() {
    assertViolated(
        ArchitectureTest.only_the_event_store_should_use_axon_jdbc,
        AxonJdbcOutsideTheEventStore.class);
    assertHolds(
        ArchitectureTest.only_the_event_store_should_use_axon_jdbc, ProjectionErrorHandling.class);
  }

  @Test
  void platform_cycle_rule_catches_operations_knowing_the_web() {
    assertViolated(
        ArchitectureTest.platform_rooms_should_be_free_of_cycles,
        OperationsKnowingTheWeb.class,
        RequestSizeLimit.class,
        RequestIds.class);
    assertHolds(
        ArchitectureTest.platform_rooms_should_be_free_of_cycles,
        RequestSizeLimit.class,
        RequestIds.class);
  }

  @Test
  void api_rule_catches_a_plain_class() {
    assertViolated(
        ArchitectureTest.api_should_contain_only_records_enums_and_interfaces,
        BehaviourInApi.class);
    assertHolds(
        ArchitectureTest.api_should_contain_only_records_enums_and_interfaces,
        ConfigId.class,
        ConfigCreatedEvent.class);
  }

  @Test
  void aggregate_rule_catches_an_aggregate_outside_command() {
    assertViolated(ArchitectureTest.aggregates_should_reside_in_command, MisplacedAggregate.class);
  }

  @Test
  void event_rule_catches_a_mutable_unrevisioned_event() {
    assertViolated(
        ArchitectureTest.events_should_be_records_ending_with_Event,
        MutableSomethingHappenedEvent.class);
    assertHolds(
        ArchitectureTest.events_should_be_records_ending_with_Event, GoodThingHappenedEvent.class);
  }

  @Test
  void controller_rule_catches_a_controller_outside_web() {
    assertViolated(ArchitectureTest.controllers_should_reside_in_web, MisplacedController.class);
  }

  @Test
  void thin_controller_rule_catches_a_controller_driving_the_runtime() {
    assertViolated(
        ArchitectureTest.controllers_should_not_reach_into_command_or_runtime,
        ControllerUsingTheRuntime.class);
    assertHolds(
        ArchitectureTest.controllers_should_not_reach_into_command_or_runtime,
        MisplacedController.class);
  }

  @Test
  void general_coding_rules_catch_each_sin() {
    assertViolated(ArchitectureTest.no_field_injection, CodingSins.class);
    assertViolated(ArchitectureTest.no_generic_exceptions, CodingSins.class);
    assertViolated(ArchitectureTest.no_java_util_logging, CodingSins.class);
    assertViolated(ArchitectureTest.no_access_to_standard_streams, CodingSins.class);
    assertHolds(ArchitectureTest.no_access_to_standard_streams, ConfigId.class);
  }
}
