using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.FollowThings;

/// <summary>One public thing that happened to a request, as alerts and feeds tell it.</summary>
/// <remarks>Built by member initialisation, so queries can go on filtering and ordering by its properties.</remarks>
internal sealed record Happening
{
    public int EventId { get; init; }
    public string Kind { get; init; } = "";
    public RequestState? State { get; init; }
    public DateTimeOffset At { get; init; }
    public int RequestId { get; init; }
    public string Slug { get; init; } = "";
    public string Title { get; init; } = "";
    public int AuthorityId { get; init; }
    public int RequesterId { get; init; }
    public int? MessageId { get; init; }
    public int? CommentId { get; init; }
}

/// <summary>
/// The events alerts and feeds are made of, with the hiding rules applied in the query: never a hidden or vexatious
/// request, a hidden message or a hidden comment, or a comment by a banned account.
/// </summary>
internal sealed class Happenings(FoiDbContext db)
{
    /// <summary>What a follower hears about: new requests, responses, status changes, comments, follow-ups, withdrawals.</summary>
    private static readonly string[] Newsworthy = ["sent", "response", "classified", "comment", "followup", "withdrawn"];

    public IQueryable<Happening> Visible() =>
        from e in db.Set<RequestEvent>()
        join r in db.Set<InfoRequest>() on e.RequestId equals r.Id
        where Newsworthy.Contains(e.Kind) && r.HiddenAt == null && r.State != RequestState.Vexatious
            && (e.MessageId == null || db.Set<RequestMessage>().Any(m => m.Id == e.MessageId && m.HiddenAt == null))
            // A comment is told only while it shows; comment events from before they named their comment are left out.
            && (e.Kind != "comment" || db.Set<Comment>().Any(c => c.Id == e.CommentId && c.HiddenAt == null && c.AuthorBannedAt == null))
        select new Happening
        {
            EventId = e.Id, Kind = e.Kind, State = e.State, At = e.CreatedAt, RequestId = r.Id, Slug = r.Slug, Title = r.Title,
            AuthorityId = r.AuthorityId, RequesterId = r.UserId, MessageId = e.MessageId, CommentId = e.CommentId,
        };

    /// <summary>What a follow of this kind and target hears about.</summary>
    public static IQueryable<Happening> Of(IQueryable<Happening> happenings, FollowKind kind, int targetId) => kind switch
    {
        FollowKind.Request => happenings.Where(h => h.RequestId == targetId),
        FollowKind.Authority => happenings.Where(h => h.AuthorityId == targetId),
        FollowKind.Person => happenings.Where(h => h.RequesterId == targetId),
        FollowKind.NewRequests => happenings.Where(h => h.Kind == "sent"),
        FollowKind.SuccessfulRequests => happenings.Where(h => h.Kind == "classified" && (h.State == RequestState.Successful || h.State == RequestState.PartiallySuccessful)),
        _ => happenings.Where(_ => false),
    };

    /// <summary>The same test in memory, for a digest matching one window of events against many follows.</summary>
    public static bool Matches(Happening h, FollowKind kind, int targetId) => kind switch
    {
        FollowKind.Request => h.RequestId == targetId,
        FollowKind.Authority => h.AuthorityId == targetId,
        FollowKind.Person => h.RequesterId == targetId,
        FollowKind.NewRequests => h.Kind == "sent",
        FollowKind.SuccessfulRequests => h.Kind == "classified" && h.State is RequestState.Successful or RequestState.PartiallySuccessful,
        _ => false,
    };

    /// <summary>The latest event id that every writer has surely committed: newer ids may still have gaps that fill in.</summary>
    public async Task<int> SettledUpToAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settled = now - TimeSpan.FromMinutes(2);
        return await db.Set<RequestEvent>().Where(e => e.CreatedAt <= settled).MaxAsync(e => (int?)e.Id, cancellationToken) ?? 0;
    }

    public async Task<int> LatestIdAsync(CancellationToken cancellationToken) =>
        await db.Set<RequestEvent>().MaxAsync(e => (int?)e.Id, cancellationToken) ?? 0;

    /// <summary>One line for a person reading an alert or a feed.</summary>
    public static string Describe(Happening happening, string authority, Redaction.CensorRuleSet rules)
    {
        var h = happening with { Title = rules.For(happening.RequestId, happening.AuthorityId, happening.RequesterId).Apply(happening.Title) };
        return Describe(h, authority);
    }

    private static string Describe(Happening h, string authority) => h.Kind switch
    {
        "sent" => $"New request to {authority}: {h.Title}",
        "response" => $"{authority} replied to \"{h.Title}\"",
        "classified" => $"\"{h.Title}\" is now: {(h.State is { } state ? RequestStateLabels.Label(state) : "classified")}",
        "comment" => $"A new comment on \"{h.Title}\"",
        "followup" => $"A follow-up was sent to {authority} about \"{h.Title}\"",
        "withdrawn" => $"\"{h.Title}\" was withdrawn by the requester",
        _ => h.Title,
    };

    public static string Anchor(Happening h) =>
        h.MessageId is { } message ? $"#message-{message}" : h.CommentId is { } comment ? $"#comment-{comment}" : "";
}
