/** The webhook aggregate and its command-side registrations table (with the sealed secret). */
@NullMarked
package io.amplifier.appapi.webhooks.command;

import org.jspecify.annotations.NullMarked;
