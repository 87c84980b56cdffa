/** HTTP adapter of configs: maps requests to commands and queries. */
@NullMarked
package io.amplifier.appapi.configs.web;

import org.jspecify.annotations.NullMarked;
