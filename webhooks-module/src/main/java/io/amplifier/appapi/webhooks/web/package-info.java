/** The webhook routes: register, list, read, delete, test, deliveries and redelivery. */
@NullMarked
package io.amplifier.appapi.webhooks.web;

import org.jspecify.annotations.NullMarked;
