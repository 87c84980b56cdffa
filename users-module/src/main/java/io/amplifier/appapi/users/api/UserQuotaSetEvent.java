package io.amplifier.appapi.users.api;

import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/** An admin set the user's monthly token budget ({@code null}: removed it). */
@Revision("1")
public record UserQuotaSetEvent(String userId, @Nullable Long monthlyTokens) implements UserEvent {}
