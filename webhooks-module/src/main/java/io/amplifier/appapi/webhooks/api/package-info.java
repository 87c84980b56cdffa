/** What other modules may use of webhooks: their ids, commands and events. */
@NullMarked
package io.amplifier.appapi.webhooks.api;

import org.jspecify.annotations.NullMarked;
