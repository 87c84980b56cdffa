package io.amplifier.appapi.webhooks.api;

import java.util.List;

/** The event names a webhook may subscribe to, as they appear in a delivery's {@code type}. */
public interface WebhookEventTypes {

  String SESSION_CREATED = "session.created";
  String SESSION_DELETED = "session.deleted";
  String TURN_COMPLETED = "turn.completed";
  String TURN_FAILED = "turn.failed";
  String APPROVAL_REQUESTED = "approval.requested";
  String CONFIG_CREATED = "config.created";
  String CONFIG_UPDATED = "config.updated";
  String CONFIG_DELETED = "config.deleted";
  String RECIPE_CREATED = "recipe.created";
  String RECIPE_UPDATED = "recipe.updated";
  String RECIPE_DELETED = "recipe.deleted";

  /** Reserved for recipe runs (issue 25's later points): accepted, not emitted yet. */
  String RECIPE_RUN_COMPLETED = "recipe_run.completed";

  /** What {@code POST /webhooks/{id}/test} sends; not subscribable. */
  String TEST = "webhook.test";

  List<String> ALL =
      List.of(
          SESSION_CREATED,
          SESSION_DELETED,
          TURN_COMPLETED,
          TURN_FAILED,
          APPROVAL_REQUESTED,
          CONFIG_CREATED,
          CONFIG_UPDATED,
          CONFIG_DELETED,
          RECIPE_CREATED,
          RECIPE_UPDATED,
          RECIPE_DELETED,
          RECIPE_RUN_COMPLETED);
}
