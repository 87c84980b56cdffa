package io.amplifier.appapi.sessions.api;

/** Marker of every fact about a session. */
public sealed interface SessionEvent
    permits SessionStartedEvent,
        SessionMessageSubmittedEvent,
        SessionReplyRecordedEvent,
        SessionToolCalledEvent,
        SessionApprovalRequestedEvent,
        SessionApprovalDecidedEvent,
        SessionToolResultRequestedEvent,
        SessionToolResultSubmittedEvent,
        SessionTurnFailedEvent,
        SessionTurnCancelRequestedEvent,
        SessionStatusChangedEvent,
        SessionDeletedEvent,
        SessionParticipantSetEvent,
        SessionParticipantRemovedEvent,
        SessionClosedEvent,
        SessionTurnEnqueuedEvent,
        SessionTurnDequeuedEvent,
        SessionTurnRolledBackEvent,
        SessionUsageRecordedEvent,
        SessionContextMeasuredEvent,
        SessionContextCompactedEvent {

  SessionId sessionId();
}
