/** Read side of configs: the config-view projection and its query handlers. */
@NullMarked
package io.amplifier.appapi.configs.query;

import org.jspecify.annotations.NullMarked;
