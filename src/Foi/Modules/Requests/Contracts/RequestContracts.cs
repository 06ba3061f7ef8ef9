namespace Foi.Modules.Requests.Contracts;

/// <summary>One line of a list of requests.</summary>
/// <param name="Id">Request id.</param>
/// <param name="Slug">URL slug (<c>/request/&lt;slug&gt;</c>).</param>
/// <param name="Title">The summary title.</param>
/// <param name="AuthorityName">Name of the authority asked.</param>
/// <param name="AuthoritySlug">URL slug of the authority.</param>
/// <param name="RequesterName">Name of the requester.</param>
/// <param name="RequesterSlug">URL slug of the requester's profile.</param>
/// <param name="StatusLabel">The status as a citizen reads it ("Awaiting response").</param>
/// <param name="CreatedAt">When the request was made.</param>
public sealed record RequestSummary(
    int Id,
    string Slug,
    string Title,
    string AuthorityName,
    string AuthoritySlug,
    string RequesterName,
    string RequesterSlug,
    string StatusLabel,
    DateTimeOffset CreatedAt);

/// <summary>How many requests a list holds.</summary>
/// <param name="Value">The number.</param>
/// <param name="Approximate">True for a long list, whose number is counted every few minutes rather than on every page.</param>
public sealed record RequestCount(int Value, bool Approximate);

/// <summary>One page of a list of requests, newest first, paged by the requests at its edges.</summary>
/// <param name="Requests">The page's requests.</param>
/// <param name="Newer">The id to page newer from (<c>?after=</c>), or null on the first page.</param>
/// <param name="Older">The id to page older from (<c>?before=</c>), or null on the last page.</param>
/// <param name="Count">How many requests the whole list holds.</param>
public sealed record RequestListPage(IReadOnlyList<RequestSummary> Requests, int? Newer, int? Older, RequestCount Count);

/// <summary>One page of a list of requests as the shared <c>_RequestPage</c> view shows it, with the links beside it.</summary>
/// <param name="Page">The page.</param>
/// <param name="Path">The list's own address, which the links add <c>before=</c> or <c>after=</c> to.</param>
public sealed record RequestPageView(RequestListPage Page, string Path);

/// <summary>Where a page of a list starts: the first page, or older or newer than a request of the list.</summary>
/// <param name="Before">Older than this request.</param>
/// <param name="After">Newer than this request.</param>
public sealed record ListPosition(int? Before, int? After)
{
    public static readonly ListPosition First = new(null, null);
}

/// <summary>Lists of requests for the pages of other modules.</summary>
public interface IRequestListing
{
    /// <summary>Requests made to one authority, newest first; null when the position is not a request of the list.</summary>
    Task<RequestListPage?> ForAuthorityAsync(int authorityId, ListPosition position, int limit, CancellationToken cancellationToken);

    /// <summary>Requests made by one user, newest first; null when the position is not a request of the list.</summary>
    Task<RequestListPage?> ForUserAsync(int userId, ListPosition position, int limit, CancellationToken cancellationToken);
}

/// <summary>What the Mail module needs to know of a request to route a reply to it.</summary>
/// <param name="Id">Request id.</param>
/// <param name="Slug">URL slug.</param>
/// <param name="Title">Title.</param>
/// <param name="AuthorityId">The authority asked.</param>
/// <param name="AcceptsResponses">False when an admin closed the request to new responses.</param>
/// <param name="CreatedAt">When it was made.</param>
public sealed record RequestInboxInfo(int Id, string Slug, string Title, int AuthorityId, bool AcceptsResponses, DateTimeOffset CreatedAt);

/// <summary>Finds requests for incoming mail: by id, by title, or waiting for an authority.</summary>
public interface IRequestInbox
{
    /// <summary>One request, or null.</summary>
    Task<RequestInboxInfo?> FindAsync(int requestId, CancellationToken cancellationToken);

    /// <summary>One request by URL slug, or null.</summary>
    Task<RequestInboxInfo?> FindBySlugAsync(string slug, CancellationToken cancellationToken);

    /// <summary>Requests whose title is exactly this one, ignoring case.</summary>
    Task<IReadOnlyList<RequestInboxInfo>> FindByTitleAsync(string title, CancellationToken cancellationToken);

    /// <summary>The newest requests to these authorities still waiting for an answer.</summary>
    Task<IReadOnlyList<RequestInboxInfo>> WaitingForAsync(IReadOnlyCollection<int> authorityIds, int limit, CancellationToken cancellationToken);
}

/// <summary>What a user has done on the site, for the spam heuristics and the profile rules.</summary>
/// <param name="Requests">Requests made.</param>
/// <param name="Annotations">Comments written.</param>
public sealed record UserActivity(int Requests, int Annotations);

/// <summary>Counts a user's requests and comments.</summary>
public interface IRequestActivity
{
    /// <summary>The user's requests and comments so far.</summary>
    Task<UserActivity> OfAsync(int userId, CancellationToken cancellationToken);

    /// <summary>Whether the user made any request or comment: two index probes, however many they made.</summary>
    Task<bool> AnyAsync(int userId, CancellationToken cancellationToken);

    /// <summary>What each of these accounts has done, in one query per kind (accounts that did nothing are left out).</summary>
    Task<IReadOnlyDictionary<int, UserActivity>> OfManyAsync(IReadOnlyCollection<int> userIds, CancellationToken cancellationToken);

    /// <summary>The user's requests and comments made since the given time.</summary>
    Task<UserActivity> SinceAsync(int userId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Those of the given accounts that made at least one request or comment.</summary>
    Task<IReadOnlySet<int>> ActiveAmongAsync(IReadOnlyCollection<int> userIds, CancellationToken cancellationToken);

    /// <summary>The titles of the user's latest requests and the text of their latest comments.</summary>
    Task<IReadOnlyList<string>> TextsOfAsync(int userId, int limit, CancellationToken cancellationToken);
}

/// <summary>An attachment's public text, for the search index.</summary>
/// <param name="FileName">The file name as shown on the page.</param>
/// <param name="ContentType">MIME type.</param>
/// <param name="Text">Extracted text; empty when none could be extracted.</param>
public sealed record SearchableAttachment(string FileName, string ContentType, string Text);

/// <summary>The change feed topic (see <c>Foi.Common.Data.ChangeFeed</c>) of a request's public content.</summary>
public static class RequestTopic
{
    /// <summary>Topic name.</summary>
    public const string Name = "request";
}

/// <summary>Everything the public can read of one request.</summary>
/// <param name="Id">Request id.</param>
/// <param name="Slug">URL slug.</param>
/// <param name="Title">Title.</param>
/// <param name="Text">The published messages and visible comments, in order.</param>
/// <param name="Attachments">Attachments of the published messages.</param>
/// <param name="Status">The state as a query keyword (<c>successful</c>, <c>waiting_response</c>).</param>
/// <param name="StatusLabel">The state as a citizen reads it.</param>
/// <param name="AuthorityName">Authority asked.</param>
/// <param name="AuthoritySlug">Its slug.</param>
/// <param name="RequesterId">Requester's account id.</param>
/// <param name="RequesterName">Requester's name.</param>
/// <param name="RequesterSlug">Requester's profile slug.</param>
/// <param name="CreatedAt">When it was made.</param>
public sealed record SearchableRequest(
    int Id,
    string Slug,
    string Title,
    string Text,
    IReadOnlyList<SearchableAttachment> Attachments,
    string Status,
    string StatusLabel,
    string AuthorityName,
    string AuthoritySlug,
    int RequesterId,
    string RequesterName,
    string RequesterSlug,
    DateTimeOffset CreatedAt);

/// <summary>Reads requests for the search index; requests hidden from public lists are never returned.</summary>
public interface IRequestSearchSource
{
    /// <summary>Public requests with an id above <paramref name="afterId"/>, in id order.</summary>
    Task<IReadOnlyList<SearchableRequest>> PageAsync(int afterId, int limit, CancellationToken cancellationToken);

    /// <summary>These requests as the public sees them now; an id missing from the answer is gone or hidden.</summary>
    Task<IReadOnlyList<SearchableRequest>> FindAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken);

    /// <summary>The ids of all requests to these authorities (whose name or slug in the index may have changed).</summary>
    Task<IReadOnlyList<int>> IdsToAuthoritiesAsync(IReadOnlyCollection<int> authorityIds, CancellationToken cancellationToken);

    /// <summary>The ids of all requests by these people (whose name or profile slug in the index may have changed).</summary>
    Task<IReadOnlyList<int>> IdsByRequestersAsync(IReadOnlyCollection<int> userIds, CancellationToken cancellationToken);
}

/// <summary>An account made a request or wrote a comment: what the spam heuristics know of it changed.</summary>
/// <param name="UserId">The account.</param>
public sealed record AccountActed(int UserId);

/// <summary>The rules that keep a requester's real name off the site when they chose to be shown by another.</summary>
public interface IRequesterNameRules
{
    /// <summary>
    /// From now on their requests show <paramref name="publicName"/> wherever the text (letters, replies, files) has
    /// <paramref name="realName"/>, as censor rules scoped to the person; a null public name removes the rules.
    /// </summary>
    Task SetAsync(int userId, string realName, string? publicName, CancellationToken cancellationToken);
}
