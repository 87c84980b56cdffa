/** Secrets of configs: detection, envelope encryption with per-config data keys, master keys. */
@NullMarked
package io.amplifier.appapi.configs.secrets;

import org.jspecify.annotations.NullMarked;
