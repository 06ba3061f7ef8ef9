namespace Foi.Modules.Requests.Domain;

/// <summary>Where a request stands, as set by the requester or an admin (stored by name).</summary>
internal enum RequestState
{
    WaitingResponse,
    WaitingClarification,
    GonePostal,
    NotHeld,
    Rejected,
    Successful,
    PartiallySuccessful,
    InternalReview,
    ErrorMessage,
    RequiresAdmin,
    UserWithdrawn,
    AttentionRequested,
    Vexatious,
    NotFoi,
}
