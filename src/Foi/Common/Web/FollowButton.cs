namespace Foi.Common.Web;

/// <summary>
/// The follow button and feed link a page shows for one followable thing (<c>_Follow.cshtml</c>): any module's page can
/// offer it, and the Requests module's follow form takes it.
/// </summary>
/// <param name="Kind">The kind of follow: Request, Authority, Person, NewRequests or SuccessfulRequests.</param>
/// <param name="Target">The id of the request, authority or person; 0 for the site-wide kinds.</param>
/// <param name="What">What is followed, for the button ("this request").</param>
/// <param name="Feed">The path of the thing's Atom feed.</param>
/// <param name="ReturnTo">The page to come back to after following.</param>
/// <param name="Query">For a search, the query followed.</param>
internal sealed record FollowButton(string Kind, int Target, string What, string Feed, string ReturnTo, string? Query = null);
