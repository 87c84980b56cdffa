package io.amplifier.appapi.sessions.api;

/** A session's latest compaction: {@code summary} stands for its first {@code through} messages. */
public record SessionCompaction(int through, String summary) {}
