/** Command side of configs: the AgentConfig aggregate and its rules. */
@NullMarked
package io.amplifier.appapi.configs.command;

import org.jspecify.annotations.NullMarked;
