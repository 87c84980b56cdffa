-- db-scheduler's table (ADR 27): durable jobs on PostgreSQL that survive a node and run once across
-- nodes. Webhook deliveries use it now; cron schedules and recipe-run steps are meant to.
CREATE TABLE scheduled_tasks (
  task_name            text                     NOT NULL,
  task_instance        text                     NOT NULL,
  task_data            bytea,
  execution_time       timestamp with time zone NOT NULL,
  picked               boolean                  NOT NULL,
  picked_by            text,
  last_success         timestamp with time zone,
  last_failure         timestamp with time zone,
  consecutive_failures int,
  last_heartbeat       timestamp with time zone,
  version              bigint                   NOT NULL,
  priority             smallint,
  PRIMARY KEY (task_name, task_instance)
);

CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time
  ON scheduled_tasks (priority DESC, execution_time ASC);
