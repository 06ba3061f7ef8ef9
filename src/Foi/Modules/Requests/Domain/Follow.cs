namespace Foi.Modules.Requests.Domain;

/// <summary>What a person can follow.</summary>
internal enum FollowKind
{
    /// <summary>One request: its responses, status changes and comments.</summary>
    Request,

    /// <summary>Everything that happens to the requests made to one authority.</summary>
    Authority,

    /// <summary>Everything that happens to the requests one person made.</summary>
    Person,

    /// <summary>Every new request on the site.</summary>
    NewRequests,

    /// <summary>Every request classified as successful or partly successful.</summary>
    SuccessfulRequests,

    /// <summary>The requests a search finds (any query the search page takes, filters included).</summary>
    Search,
}

/// <summary>
/// One thing a person follows. News of it reaches them in the daily digest, from the first event after
/// <see cref="StartAfterEventId"/> (what happened before they followed is not news to them).
/// </summary>
internal sealed class Follow
{
    private Follow()
    {
    }

    public int Id { get; private set; }
    public int UserId { get; private set; }
    public FollowKind Kind { get; private set; }

    /// <summary>The request, authority or person followed; 0 for the site-wide kinds (so one follow each stays unique).</summary>
    public int TargetId { get; private set; }

    /// <summary>The search followed; empty for the other kinds.</summary>
    public string Query { get; private set; } = "";
    public int StartAfterEventId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public const int MaxQuery = 500;

    public static bool IsSiteWide(FollowKind kind) => kind is FollowKind.NewRequests or FollowKind.SuccessfulRequests or FollowKind.Search;

    public static Follow Start(int userId, FollowKind kind, int targetId, int lastEventId, DateTimeOffset now, string? query = null) => new()
    {
        UserId = userId,
        Kind = kind,
        TargetId = IsSiteWide(kind) ? 0 : targetId,
        Query = kind == FollowKind.Search ? (query ?? "").Trim() : "",
        StartAfterEventId = lastEventId,
        CreatedAt = now,
    };
}

/// <summary>How far a person's digests have told them: every event up to <see cref="LastEventId"/> has been sent.</summary>
internal sealed class AlertCursor
{
    private AlertCursor()
    {
    }

    public int UserId { get; private set; }
    public int LastEventId { get; private set; }
    public DateTimeOffset? LastDigestAt { get; private set; }

    public static AlertCursor For(int userId, int lastEventId, DateTimeOffset digestAt) => new() { UserId = userId, LastEventId = lastEventId, LastDigestAt = digestAt };
}
