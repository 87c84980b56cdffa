/** Public commands, events, queries and views of the configs module. */
@NullMarked
package io.amplifier.appapi.configs.api;

import org.jspecify.annotations.NullMarked;
