/** The application use cases the web layer calls: admin checks, signing-key rules, API keys. */
@NullMarked
package io.amplifier.appapi.users.service;

import org.jspecify.annotations.NullMarked;
