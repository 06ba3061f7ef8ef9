using System.ServiceModel.Syndication;
using System.Xml;
using Foi.Common.Site;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Themes.Contracts;
using Foi.Modules.Users.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Requests.FollowThings;

/// <summary>
/// Atom feeds (RFC 4287) of everything a person can follow, written by System.ServiceModel.Syndication: the latest 50
/// public events, with the same hiding rules as the alerts. Entry ids are tag URIs of the event, so they never change.
/// </summary>
internal sealed class FeedController(Happenings happenings, FollowDescriptions descriptions, IAuthorityDirectory authorities,
    IUserDirectory users, ISiteTheme theme, IOptions<SiteOptions> site, Foi.Common.Data.FoiDbContext db, Search.Contracts.ISavedSearches searches,
    Redaction.CensorRules censor) : Controller
{
    private const int Entries = 50;

    /// <summary>How far back a search's feed looks: the site's latest events, of which those the search finds are shown.</summary>
    private const int SearchWindow = 1000;

    [HttpGet("feed/request/{slug}")]
    public async Task<IActionResult> OfRequest(string slug, CancellationToken cancellationToken) =>
        await db.Set<InfoRequest>().Where(r => r.Slug == slug).Select(r => (int?)r.Id).SingleOrDefaultAsync(cancellationToken) is { } id
            ? await FeedAsync(FollowKind.Request, id, cancellationToken) // a hidden request has no feed: it is not describable
            : NotFound();

    [HttpGet("feed/authority/{slug}")]
    public async Task<IActionResult> OfAuthority(string slug, CancellationToken cancellationToken) =>
        await authorities.FindBySlugAsync(slug, cancellationToken) is { } authority ? await FeedAsync(FollowKind.Authority, authority.Id, cancellationToken) : NotFound();

    [HttpGet("feed/user/{slug}")]
    public async Task<IActionResult> OfPerson(string slug, CancellationToken cancellationToken) =>
        await users.FindBySlugAsync(slug, cancellationToken) is { IsBanned: false } person ? await FeedAsync(FollowKind.Person, person.Id, cancellationToken) : NotFound();

    [HttpGet("feed/list")]
    public Task<IActionResult> NewRequests(CancellationToken cancellationToken) => FeedAsync(FollowKind.NewRequests, 0, cancellationToken);

    [HttpGet("feed/successful")]
    public Task<IActionResult> Successful(CancellationToken cancellationToken) => FeedAsync(FollowKind.SuccessfulRequests, 0, cancellationToken);

    /// <summary>What happened to the requests a search finds, among the site's latest events.</summary>
    [HttpGet("feed/search")]
    public Task<IActionResult> OfSearch(string? q, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(q) || q.Length > Follow.MaxQuery ? Task.FromResult<IActionResult>(NotFound()) : FeedAsync(FollowKind.Search, 0, cancellationToken, q.Trim());

    private async Task<IActionResult> FeedAsync(FollowKind kind, int target, CancellationToken cancellationToken, string? query = null)
    {
        if (await descriptions.DescribeAsync(kind, target, cancellationToken, query) is not { } thing)
        {
            return NotFound();
        }
        List<Happening> latest;
        if (kind == FollowKind.Search)
        {
            var recent = await happenings.Visible().OrderByDescending(h => h.EventId).Take(SearchWindow).ToListAsync(cancellationToken);
            var found = searches.RequestsMatching(query!, recent.Select(h => h.RequestId).Distinct().ToList());
            latest = recent.Where(h => found.Contains(h.RequestId)).Take(Entries).ToList();
        }
        else
        {
            latest = await Happenings.Of(happenings.Visible(), kind, target)
                .OrderByDescending(h => h.EventId).Take(Entries).ToListAsync(cancellationToken);
        }
        var names = await authorities.FindManyAsync(latest.Select(h => h.AuthorityId).Distinct().ToList(), cancellationToken);
        var requesters = await users.FindManyAsync(latest.Select(h => h.RequesterId).Distinct().ToList(), cancellationToken);
        // A banned account's requests are left out as its comments are.
        latest = latest.Where(h => requesters.GetValueOrDefault(h.RequesterId) is not { IsBanned: true }).ToList();

        var baseUrl = site.Value.BaseUrl.TrimEnd('/');
        var host = new Uri(baseUrl).Host;
        var feed = new SyndicationFeed(
            $"{theme.SiteName}: {char.ToUpperInvariant(thing.What[0])}{thing.What[1..]}",
            $"What happened to {thing.What} on {theme.SiteName}",
            new Uri(baseUrl + thing.Link),
            $"tag:{host},2026:feed:{kind.ToString().ToLowerInvariant()}:{(query is null ? target.ToString(System.Globalization.CultureInfo.InvariantCulture) : Uri.EscapeDataString(query))}",
            latest.Count > 0 ? latest[0].At : DateTimeOffset.UnixEpoch);
        feed.Links.Add(new SyndicationLink(new Uri(baseUrl + thing.Feed), "self", null, "application/atom+xml", 0));
        var rules = await censor.CurrentAsync(cancellationToken);
        feed.Items = latest.Select(h =>
        {
            var authority = names.GetValueOrDefault(h.AuthorityId)?.Name ?? "the authority";
            var item = new SyndicationItem(
                Happenings.Describe(h, authority, rules),
                $"{Happenings.Describe(h, authority, rules)}. Request by {requesters.GetValueOrDefault(h.RequesterId)?.Name ?? "a user"} to {authority}.",
                new Uri($"{baseUrl}/request/{h.Slug}{Happenings.Anchor(h)}"),
                $"tag:{host},2026:event:{h.EventId}",
                h.At)
            {
                PublishDate = h.At,
            };
            return item;
        }).ToList();

        // The formatter writes synchronously: into memory, then out (50 entries are small).
        var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Indent = true }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }
        return File(buffer.ToArray(), "application/atom+xml; charset=utf-8");
    }
}
