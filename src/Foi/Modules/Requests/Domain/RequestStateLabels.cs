namespace Foi.Modules.Requests.Domain;

internal static class RequestStateChoices
{
    /// <summary>
    /// What a requester is offered after a response, each with a plain explanation. A choice is named as the status
    /// line names its state, so the word the requester picks is the word the page then shows.
    /// </summary>
    public static readonly IReadOnlyList<(RequestState State, string Label, string Explanation)> ForRequester =
    [
        Choice(RequestState.WaitingResponse, "The reply was only an acknowledgement, or the information is still to come."),
        Choice(RequestState.Successful, "I received all the information I asked for."),
        Choice(RequestState.PartiallySuccessful, "I received some of the information."),
        Choice(RequestState.NotHeld, "The authority says it does not hold the information."),
        Choice(RequestState.Rejected, "The authority refused to give me the information."),
        Choice(RequestState.WaitingClarification, "The authority asked me to explain or narrow my request."),
        Choice(RequestState.GonePostal, "The authority is answering, or has answered, by post."),
        Choice(RequestState.InternalReview, "I asked the authority to review its answer."),
        Choice(RequestState.ErrorMessage, "The reply says my request could not be delivered."),
        Choice(RequestState.RequiresAdmin, "None of these fits: the site's team should look at it."),
        Choice(RequestState.UserWithdrawn, "I no longer want the information."),
    ];

    public static readonly IReadOnlyList<(RequestState State, string Label, string Explanation)> ForAdmins =
    [
        .. ForRequester,
        Choice(RequestState.Vexatious, "Not a genuine request; hidden from lists."),
        Choice(RequestState.NotFoi, "For example, a complaint or a request for personal data."),
    ];

    private static (RequestState State, string Label, string Explanation) Choice(RequestState state, string explanation) =>
        (state, RequestStateLabels.Label(state), explanation);

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
