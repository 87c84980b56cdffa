/** What other modules may use of audit: the events it records beside the modules' own. */
@NullMarked
package io.amplifier.appapi.audit.api;

import org.jspecify.annotations.NullMarked;
