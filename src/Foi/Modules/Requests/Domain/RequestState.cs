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

internal static class RequestStateLabels
{
    public static string Label(RequestState state, bool overdue) => state switch
    {
        RequestState.WaitingResponse => overdue ? "Delayed" : "Awaiting response",
        RequestState.WaitingClarification => "Awaiting clarification",
        RequestState.GonePostal => "Handled by post",
        RequestState.NotHeld => "Information not held",
        RequestState.Rejected => "Refused",
        RequestState.Successful => "Successful",
        RequestState.PartiallySuccessful => "Partially successful",
        RequestState.InternalReview => "Awaiting internal review",
        RequestState.ErrorMessage => "Delivery error",
        RequestState.RequiresAdmin => "Unusual response",
        RequestState.UserWithdrawn => "Withdrawn by the requester",
        RequestState.AttentionRequested => "Reported for administrator attention",
        RequestState.Vexatious => "Vexatious",
        RequestState.NotFoi => "Not a valid FOI request",
        _ => state.ToString(),
    };
}
