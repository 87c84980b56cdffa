/** Agent configs and recipes: bundle documents whose secrets never leave encrypted. */
@NullMarked
package io.amplifier.appapi.configs;

import org.jspecify.annotations.NullMarked;
