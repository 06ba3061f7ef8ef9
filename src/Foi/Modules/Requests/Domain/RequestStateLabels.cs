namespace Foi.Modules.Requests.Domain;

internal static class RequestStateChoices
{
    /// <summary>What a requester is offered after a response, each with a plain explanation.</summary>
    public static readonly IReadOnlyList<(RequestState State, string Label, string Explanation)> ForRequester =
    [
        (RequestState.WaitingResponse, "Still waiting", "The reply was only an acknowledgement, or the information is still to come."),
        (RequestState.Successful, "Successful", "I received all the information I asked for."),
        (RequestState.PartiallySuccessful, "Partly successful", "I received some of the information."),
        (RequestState.NotHeld, "Information not held", "The authority says it does not hold the information."),
        (RequestState.Rejected, "Refused", "The authority refused to give me the information."),
        (RequestState.WaitingClarification, "They want a clarification", "The authority asked me to explain or narrow my request."),
        (RequestState.GonePostal, "Answered by post", "The authority is answering, or has answered, by post."),
        (RequestState.InternalReview, "Waiting for an internal review", "I asked the authority to review its answer."),
        (RequestState.ErrorMessage, "Delivery error", "The reply says my request could not be delivered."),
        (RequestState.RequiresAdmin, "Something unusual", "None of these fits: the site's team should look at it."),
        (RequestState.UserWithdrawn, "I withdrew the request", "I no longer want the information."),
    ];

    public static readonly IReadOnlyList<(RequestState State, string Label, string Explanation)> ForAdmins =
    [
        .. ForRequester,
        (RequestState.Vexatious, "Vexatious", "Not a genuine request; hidden from lists."),
        (RequestState.NotFoi, "Not a valid FOI request", "For example, a complaint or a request for personal data."),
    ];

    /// <summary>The next step to offer after a classification, with a link (relative to the request page) and the text.</summary>
    public static (string Text, string? Link, string? LinkText) NextStep(RequestState state, string slug) => state switch
    {
        RequestState.Successful => ("Thank you. Everyone can now read the answer.", null, null),
        RequestState.PartiallySuccessful => ("You can ask the authority to review the part it did not give you.", $"/request/{slug}/follow-up?kind=internal_review", "Ask for an internal review"),
        RequestState.Rejected or RequestState.NotHeld => ("If you think the answer is wrong, ask for an internal review; after that you can complain to the regulator.", $"/request/{slug}/follow-up?kind=internal_review", "Ask for an internal review"),
        RequestState.WaitingClarification => ("Write your clarification: the authority's deadline starts again when you send it.", $"/request/{slug}/follow-up?kind=clarification", "Send a clarification"),
        RequestState.GonePostal => ("If you are happy for the postal answer to be public, send us a scan.", "/help/privacy#postal_answer", "About postal answers"),
        RequestState.InternalReview => ("The authority should finish its review within 20 working days. If not, you can complain to the regulator.", "/help/unhappy#regulator", "About the regulator"),
        RequestState.ErrorMessage => ("The authority's address may be wrong. Tell us if you know a better one.", "/help/contact", "Contact us"),
        RequestState.RequiresAdmin => ("Thank you: the site's team will look at it.", null, null),
        RequestState.UserWithdrawn => ("The request is marked as withdrawn.", null, null),
        _ => ("We will remind you if the authority is late.", null, null),
    };
}

internal static class RequestStateLabels
{
    public static string Label(InfoRequest request, DateOnly today) =>
        request.AwaitingClassification ? "Awaiting classification"
        : request.IsLongOverdue(today) ? "Long overdue"
        : request.IsOverdue(today) ? "Delayed"
        : Label(request.State);

    public static string Label(RequestState state) => state switch
    {
        RequestState.WaitingResponse => "Awaiting response",
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
