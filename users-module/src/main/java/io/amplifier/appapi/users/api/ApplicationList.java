package io.amplifier.appapi.users.api;

import java.util.List;

/** The answer to {@link ListApplicationsQuery} and {@link FindApplicationByKeyPrefixQuery}. */
public record ApplicationList(List<ApplicationView> applications) {}
