using System.Globalization;
using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Common.Web;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Requests.ShowRequest;
using Foi.Modules.Users.Contracts;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Requests.ReadApi;

/// <summary>A request as lists show it.</summary>
/// <param name="Slug">The request's id in URLs.</param>
/// <param name="Title">Its title.</param>
/// <param name="Url">Its page on the site.</param>
/// <param name="Status">Its status, one of the names of the `status` filter.</param>
/// <param name="StatusLabel">The status as the page says it, lateness included.</param>
/// <param name="Authority">The authority's slug.</param>
/// <param name="AuthorityName">The authority's name.</param>
/// <param name="Requester">The requester's profile slug.</param>
/// <param name="RequesterName">The requester's name as shown on the site.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="UpdatedAt">When anything last changed.</param>
internal sealed record ApiRequestSummary(
    string Slug, string Title, string Url, string Status, string StatusLabel, string Authority, string AuthorityName,
    string Requester, string RequesterName, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One page of a list.</summary>
/// <param name="Items">The items, newest first.</param>
/// <param name="Next">The cursor of the next page, or null on the last page.</param>
internal sealed record ApiPage<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>A request with its correspondence as published: masked, hidden parts left out.</summary>
/// <param name="Request">The request.</param>
/// <param name="DueDate">When a response is due by law (working days).</param>
/// <param name="Messages">The letters, oldest first.</param>
internal sealed record ApiRequest(ApiRequestSummary Request, DateOnly DueDate, IReadOnlyList<ApiMessage> Messages);

/// <summary>One letter of a request.</summary>
/// <param name="Id">The message's id.</param>
/// <param name="Direction">"outgoing" (to the authority) or "incoming" (from it).</param>
/// <param name="SentAt">When it was sent or received.</param>
/// <param name="Subject">Its subject.</param>
/// <param name="Body">Its text as published.</param>
/// <param name="Attachments">Its attachments that are public.</param>
/// <param name="Delivery">For an outgoing letter, what the mail servers said; null for incoming ones.</param>
internal sealed record ApiMessage(int Id, string Direction, DateTimeOffset SentAt, string Subject, string Body, IReadOnlyList<ApiAttachment> Attachments, ApiDelivery? Delivery);

/// <summary>An attachment's facts and links.</summary>
/// <param name="FileName">Its file name.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Url">Where to download it.</param>
/// <param name="TextUrl">Where its extracted text is, when it has some.</param>
internal sealed record ApiAttachment(string FileName, string ContentType, long Size, string Url, string? TextUrl);

/// <summary>The delivery of an outgoing letter.</summary>
/// <param name="Summary">One of: queued, sent, delivered, deferred, failed, partial.</param>
/// <param name="Recipients">Per address (the authority's address by name, others numbered).</param>
internal sealed record ApiDelivery(string Summary, IReadOnlyList<ApiRecipient> Recipients);

/// <summary>One address of an outgoing letter.</summary>
/// <param name="Address">The authority's address, or "another address (n)".</param>
/// <param name="Status">One of: queued, sent, delivered, deferred, failed.</param>
/// <param name="Description">The sentence the request page shows.</param>
internal sealed record ApiRecipient(string Address, string Status, string Description);

/// <summary>The public requests, and one request with its correspondence.</summary>
[ApiController]
[Tags("Requests")]
[Route("api/v1/requests")]
[EnableCors(ApiSetup.Cors)]
[EnableRateLimiting(ApiSetup.RateLimit)]
[Produces("application/json")]
internal sealed class RequestsApiController(RequestListing listing, IAuthorityDirectory authorities, IUserDirectory users,
    ApiRequestSummaries summaries, PublishedCorrespondence correspondence) : ControllerBase
{
    /// <summary>Public requests, newest first, filtered; paged by cursor, equally fast at any depth.</summary>
    /// <param name="authority">An authority's slug.</param>
    /// <param name="person">A requester's profile slug.</param>
    /// <param name="status">A status name, such as successful, rejected, waiting_response.</param>
    /// <param name="since">Made on or after this date.</param>
    /// <param name="until">Made before this date.</param>
    /// <param name="cursor">The `next` of the previous page.</param>
    /// <param name="limit">Items per page, 1 to 100 (default 25).</param>
    /// <param name="cancellationToken">Ends the work when the client goes.</param>
    [HttpGet("")]
    [ProducesResponseType<ApiPage<ApiRequestSummary>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<ApiPage<ApiRequestSummary>>> List(string? authority, string? person, string? status, DateOnly? since, DateOnly? until,
        string? cursor, int limit = 25, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > ApiRequestSummaries.MaxLimit)
        {
            return Problem($"limit must be from 1 to {ApiRequestSummaries.MaxLimit}", statusCode: StatusCodes.Status400BadRequest);
        }
        var query = listing.Listed();
        if (authority is not null)
        {
            if (await authorities.FindBySlugAsync(authority, cancellationToken) is not { } found)
            {
                return Problem($"no authority {authority}", statusCode: StatusCodes.Status400BadRequest);
            }
            query = query.Where(r => r.AuthorityId == found.Id);
        }
        if (person is not null)
        {
            if (await users.FindBySlugAsync(person, cancellationToken) is not { } found)
            {
                return Problem($"no person {person}", statusCode: StatusCodes.Status400BadRequest);
            }
            query = query.Where(r => r.UserId == found.Id);
        }
        if (status is not null)
        {
            if (ApiStatus.Parse(status) is not { } state)
            {
                return Problem($"status must be one of: {string.Join(", ", ApiStatus.Names)}", statusCode: StatusCodes.Status400BadRequest);
            }
            query = query.Where(r => r.State == state);
        }
        if (since is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(r => r.CreatedAt >= start);
        }
        if (until is { } to)
        {
            var end = new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(r => r.CreatedAt < end);
        }
        return await summaries.PageAsync(query, cursor, limit, cancellationToken) is { } page
            ? page
            : Problem("cursor is not one this API gave", statusCode: StatusCodes.Status400BadRequest);
    }

    /// <summary>One public request with its correspondence as published.</summary>
    /// <param name="slug">The request's slug.</param>
    /// <param name="cancellationToken">Ends the work when the client goes.</param>
    [HttpGet("{slug}")]
    [ProducesResponseType<ApiRequest>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<ApiRequest>> Show(string slug, CancellationToken cancellationToken)
    {
        var request = await listing.Listed().AsNoTracking().SingleOrDefaultAsync(r => r.Slug == slug, cancellationToken);
        if (request is null)
        {
            return Problem($"no public request {slug}", statusCode: StatusCodes.Status404NotFound);
        }
        return (await correspondence.ReadAsync([request], cancellationToken))[0];
    }
}

/// <summary>Requests as the API's lists show them: the authorities and people of a page looked up once each.</summary>
internal sealed class ApiRequestSummaries(RequestListing listing, IAuthorityDirectory authorities, IUserDirectory users, Redaction.CensorRules censor, IOptions<SiteOptions> site, SiteClock clock)
{
    public const int MaxLimit = 100;

    /// <summary>One page of <paramref name="query"/>, newest first; null when the cursor is not one this API gave.</summary>
    /// <remarks>The cursor is the last request's id: the next page starts just below it (<see cref="RequestListing.KeysetAsync"/>).</remarks>
    public async Task<ApiPage<ApiRequestSummary>?> PageAsync(IQueryable<InfoRequest> query, string? cursor, int limit, CancellationToken cancellationToken)
    {
        var position = ListPosition.First;
        if (cursor is not null)
        {
            if (!int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var before))
            {
                return null;
            }
            position = new ListPosition(before, null);
        }
        if (await listing.KeysetAsync(query, position, limit, cancellationToken) is not { } page)
        {
            return null;
        }
        return new ApiPage<ApiRequestSummary>(await SummariesAsync(page.Rows, cancellationToken), page.Older?.ToString(CultureInfo.InvariantCulture));
    }

    public async Task<IReadOnlyList<ApiRequestSummary>> SummariesAsync(IReadOnlyList<InfoRequest> requests, CancellationToken cancellationToken)
    {
        var authorityById = await authorities.FindManyAsync(requests.Select(r => r.AuthorityId).Distinct().ToList(), cancellationToken);
        var userById = await users.FindManyAsync(requests.Select(r => r.UserId).Distinct().ToList(), cancellationToken);
        var baseUrl = site.Value.BaseUrl.TrimEnd('/');
        var today = clock.Today;
        var rules = await censor.CurrentAsync(cancellationToken);
        return requests.Select(r => new ApiRequestSummary(
            r.Slug, rules.For(r).Apply(r.Title), $"{baseUrl}/request/{r.Slug}", ApiStatus.Name(r.State), RequestStateLabels.Label(r, today),
            authorityById.GetValueOrDefault(r.AuthorityId)?.Slug ?? "", authorityById.GetValueOrDefault(r.AuthorityId)?.Name ?? "",
            userById.GetValueOrDefault(r.UserId)?.Slug ?? "", userById.GetValueOrDefault(r.UserId)?.Name ?? "",
            r.CreatedAt, r.UpdatedAt)).ToList();
    }
}

/// <summary>
/// Requests with their correspondence as the public reads it (hidden messages and attachments left out), a batch at a
/// time with a fixed number of queries whatever its size: for one request in the API and for every request in the dump.
/// </summary>
internal sealed class PublishedCorrespondence(FoiDbContext db, ApiRequestSummaries summaries, IAuthorityDirectory authorities,
    IOutgoingMailStatuses deliveries, Redaction.CensorRules censor, IOptions<SiteOptions> site)
{
    public async Task<IReadOnlyList<ApiRequest>> ReadAsync(IReadOnlyList<InfoRequest> requests, CancellationToken cancellationToken)
    {
        var requestIds = requests.Select(r => r.Id).ToList();
        var messages = (await db.Set<RequestMessage>().AsNoTracking().Where(m => requestIds.Contains(m.RequestId) && m.HiddenAt == null)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync(cancellationToken)).ToLookup(m => m.RequestId);
        var messageIds = messages.SelectMany(g => g).Select(m => m.Id).ToList();
        var attachments = (await db.Set<RequestAttachment>().AsNoTracking().Where(a => messageIds.Contains(a.RequestMessageId) && a.HiddenAt == null)
            .OrderBy(a => a.Index).ToListAsync(cancellationToken)).ToLookup(a => a.RequestMessageId);
        var statuses = await deliveries.GetAsync(messages.SelectMany(g => g).Where(m => m.OutgoingMailId is not null).Select(m => m.OutgoingMailId!.Value).ToList(), cancellationToken);
        var authorityById = await authorities.FindManyAsync(requests.Select(r => r.AuthorityId).Distinct().ToList(), cancellationToken);
        var summaryList = await summaries.SummariesAsync(requests, cancellationToken);
        var baseUrl = site.Value.BaseUrl.TrimEnd('/');
        var rules = await censor.CurrentAsync(cancellationToken);
        return requests.Select((request, i) => (Request: request, Summary: summaryList[i], Redactor: rules.For(request))).Select(r => new ApiRequest(
            r.Summary,
            r.Request.DueDate,
            messages[r.Request.Id].Select(m => new ApiMessage(
                m.Id,
                m.Direction == MessageDirection.Outgoing ? "outgoing" : "incoming",
                m.CreatedAt,
                r.Redactor.Apply(m.Subject),
                r.Redactor.Apply(m.Body),
                attachments[m.Id].Select(a =>
                {
                    var url = $"{baseUrl}/request/{r.Request.Slug}/attachments/{m.Id}/{a.Index}";
                    var name = r.Redactor.Apply(a.FileName);
                    return new ApiAttachment(name, a.ContentType, a.Size, $"{url}/{Uri.EscapeDataString(name)}", a.Text is null ? null : $"{url}/text");
                }).ToList(),
                m.OutgoingMailId is { } mailId && statuses.GetValueOrDefault(mailId) is { } status
                    ? Delivery(status, authorityById.GetValueOrDefault(r.Request.AuthorityId)?.RequestEmail)
                    : null)).ToList())).ToList();
    }

    private static ApiDelivery Delivery(OutgoingMailStatus status, string? authorityEmail)
    {
        var perRecipient = DeliveryText.PerRecipient(status, authorityEmail, showAddresses: false);
        if (perRecipient.Count == 0)
        {
            var (css, sentence, _) = DeliveryText.Describe(status);
            var address = status.Recipients.Count > 0 && status.Recipients[0] is { } only && string.Equals(only, authorityEmail, StringComparison.OrdinalIgnoreCase) ? only : "another address (1)";
            return new ApiDelivery(ApiStatus.Delivery(css), [new ApiRecipient(address, ApiStatus.Delivery(css), sentence)]);
        }
        var summary = DeliveryText.Summary(perRecipient);
        return new ApiDelivery(ApiStatus.Delivery(summary.Css), perRecipient.Select(r =>
            new ApiRecipient(r.Sentence[..r.Sentence.IndexOf(": ", StringComparison.Ordinal)], ApiStatus.Delivery(r.Css), r.Sentence)).ToList());
    }
}

/// <summary>The API's names for statuses: snake_case, stable whatever the code calls them.</summary>
internal static class ApiStatus
{
    public static IEnumerable<string> Names => Enum.GetValues<RequestState>().Select(Name);

    public static string Name(RequestState state) =>
        string.Concat(state.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static RequestState? Parse(string name) => Enum.GetValues<RequestState>().Cast<RequestState?>().FirstOrDefault(s => Name(s!.Value) == name);

    public static string Delivery(string css) => css switch
    {
        "delivered" => "delivered",
        "failed" or "failed-send" => "failed",
        "deferred" => "deferred",
        "queued" => "queued",
        "partial" => "partial",
        _ => "sent",
    };
}
