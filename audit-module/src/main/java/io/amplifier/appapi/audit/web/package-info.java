/** The audit routes ({@code /audit}, entity histories) and the recording of refused accesses. */
@NullMarked
package io.amplifier.appapi.audit.web;

import org.jspecify.annotations.NullMarked;
