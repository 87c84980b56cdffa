package io.amplifier.appapi.users.api;

import org.axonframework.serialization.Revision;
import org.jspecify.annotations.Nullable;

/** An admin set the application's monthly token budget ({@code null}: removed it). */
@Revision("1")
public record ApplicationQuotaSetEvent(String appId, @Nullable Long monthlyTokens)
    implements ApplicationEvent {}
