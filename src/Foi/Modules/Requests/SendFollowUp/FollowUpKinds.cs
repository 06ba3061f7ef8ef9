using Foi.Modules.Requests.Domain;

namespace Foi.Modules.Requests.SendFollowUp;

/// <summary>Which messages make sense to send at this point of a request's life.</summary>
internal static class FollowUpKinds
{
    /// <summary>
    /// A follow-up, always. A clarification once the authority has written (it asks for one in a reply). An internal
    /// review once there is an answer to review, or when the authority is late (silence can be reviewed too), and not
    /// while one is under way.
    /// </summary>
    public static IReadOnlyList<string> Offered(InfoRequest request, DateOnly today)
    {
        var kinds = new List<string> { "follow_up" };
        var answered = request.LastResponseAt is not null;
        if (answered || request.State == RequestState.WaitingClarification)
        {
            kinds.Add("clarification");
        }
        if ((answered || request.IsOverdue(today)) && request.State != RequestState.InternalReview)
        {
            kinds.Add("internal_review");
        }
        return kinds;
    }
}
