using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Common.Web;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Requests.ReadApi;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Foi.Modules.Requests.AuthorityApi;

/// <summary>A status the authority gives one of its requests.</summary>
/// <param name="Status">One of: successful, partially_successful, rejected, not_held, waiting_clarification.</param>
internal sealed record ApiStatusChange(string Status);

/// <summary>What became of a response sent through the API.</summary>
/// <param name="State">"published": it is on the request's page; "accepted": it is kept, and an admin looks at it before it is published.</param>
/// <param name="MessageId">The published message's id (as in the request's `messages`), or null while held.</param>
/// <param name="Url">The request's page.</param>
internal sealed record ApiResponseReceipt(string State, int? MessageId, string Url);

/// <summary>
/// The API for an authority's own case-management system, with a key an admin issued to that authority
/// (`Authorization: Bearer foi_ak_…`). A key reaches only its own authority's requests; a response sent here is
/// published exactly as an emailed reply is, and every response and status change is in the request's history.
/// </summary>
[ApiController]
[Tags("For authorities (with a key)")]
[Route("api/v1/authority/requests")]
[EnableRateLimiting(ApiSetup.RateLimit)]
// No cookies are read here, only the key in the header, so a forged cross-site form has nothing to ride on.
[IgnoreAntiforgeryToken]
[AuthorityKeyRequired]
// Whoever is signed in in a browser plays no part: the key alone decides, banned account or not.
[Foi.Modules.Users.Contracts.AllowBannedAccounts]
[Produces("application/json")]
internal sealed class AuthorityApiController(
    FoiDbContext db,
    RequestListing listing,
    ApiRequestSummaries summaries,
    IAuthorityDirectory authorities,
    IRequestAddresses addresses,
    IMailDrop mailDrop,
    IOptions<SiteOptions> site,
    TimeProvider time) : ControllerBase
{
    /// <summary>The statuses an authority may give: what its answer was, or that it needs the requester to clarify.</summary>
    private static readonly RequestState[] AuthorityStates =
        [RequestState.Successful, RequestState.PartiallySuccessful, RequestState.Rejected, RequestState.NotHeld, RequestState.WaitingClarification];

    /// <summary>The requests made to the key's authority, newest first, paged by cursor.</summary>
    /// <param name="status">Only requests with this status (the names of /api/v1/requests).</param>
    /// <param name="cursor">The `next` of the previous page.</param>
    /// <param name="limit">Items per page, 1 to 100 (default 25).</param>
    /// <param name="cancellationToken">Ends the work when the client goes.</param>
    [HttpGet("")]
    [ProducesResponseType<ApiPage<ApiRequestSummary>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    public async Task<ActionResult<ApiPage<ApiRequestSummary>>> List(string? status, string? cursor, int limit = 25, CancellationToken cancellationToken = default)
    {
        var holder = AuthorityKeyRequired.HolderOf(HttpContext);
        if (limit is < 1 or > ApiRequestSummaries.MaxLimit)
        {
            return Problem($"limit must be from 1 to {ApiRequestSummaries.MaxLimit}", statusCode: StatusCodes.Status400BadRequest);
        }
        var query = listing.Listed().Where(r => r.AuthorityId == holder.AuthorityId);
        if (status is not null)
        {
            if (ApiStatus.Parse(status) is not { } state)
            {
                return Problem($"status must be one of: {string.Join(", ", ApiStatus.Names)}", statusCode: StatusCodes.Status400BadRequest);
            }
            query = query.Where(r => r.State == state);
        }
        return await summaries.PageAsync(query, cursor, limit, cancellationToken) is { } page
            ? page
            : Problem("cursor is not one this API gave", statusCode: StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// Publishes the authority's response to one of its requests, with attachments, the way an emailed reply is
    /// published: the message is kept as received, then masked, its attachments' text extracted, and made searchable.
    /// </summary>
    /// <param name="slug">The request's slug.</param>
    /// <param name="body">The response's text.</param>
    /// <param name="subject">Its subject; "Re: " and the request's title when left out.</param>
    /// <param name="attachments">Files to attach (PDF, Word, spreadsheets, ...).</param>
    /// <param name="cancellationToken">Ends the work when the client goes.</param>
    [HttpPost("{slug}/responses")]
    [RequestSizeLimit(32 * 1024 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = 32 * 1024 * 1024)]
    [ProducesResponseType<ApiResponseReceipt>(StatusCodes.Status201Created)]
    [ProducesResponseType<ApiResponseReceipt>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<ApiResponseReceipt>> Respond(string slug, [FromForm] string? body, [FromForm] string? subject,
        IFormFileCollection? attachments, CancellationToken cancellationToken)
    {
        var holder = AuthorityKeyRequired.HolderOf(HttpContext);
        if (await OwnRequestAsync(holder, slug, cancellationToken) is not { } request)
        {
            return NoSuchRequest(slug);
        }
        if (string.IsNullOrWhiteSpace(body))
        {
            return Problem("body is required: the response's text", statusCode: StatusCodes.Status400BadRequest);
        }
        if (!request.ResponsesAllowed)
        {
            return Problem("this request is closed to new responses", statusCode: StatusCodes.Status409Conflict);
        }
        var authority = await authorities.FindAsync(holder.AuthorityId, cancellationToken);
        var mail = await ResponseMailAsync(request, authority!, holder, subject, body, attachments ?? new FormFileCollection(), cancellationToken);
        var incomingId = await mailDrop.ReceiveAndRouteAsync(mail, addresses.AddressFor(request.Id), "authority-api", cancellationToken);
        var message = await db.Set<RequestMessage>().AsNoTracking()
            .Where(m => m.RequestId == request.Id && m.IncomingMailId == incomingId).Select(m => (int?)m.Id).FirstOrDefaultAsync(cancellationToken);
        db.Add(RequestEvent.Record(request.Id, "authority_api", time.GetUtcNow(),
            detail: $"response {(message is null ? "sent for an admin to check" : "published")} through the API with the key {holder.Label} ({holder.Prefix})"));
        await db.SaveChangesAsync(cancellationToken);
        var receipt = new ApiResponseReceipt(message is null ? "accepted" : "published", message, RequestUrl(request));
        return message is null ? Accepted(receipt) : Created(RequestUrl(request), receipt);
    }

    /// <summary>Sets the status of one of the authority's requests; the requester can still change it.</summary>
    /// <param name="slug">The request's slug.</param>
    /// <param name="change">The new status.</param>
    /// <param name="cancellationToken">Ends the work when the client goes.</param>
    [HttpPost("{slug}/status")]
    [ProducesResponseType<ApiRequestSummary>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<ApiRequestSummary>> SetStatus(string slug, ApiStatusChange change, CancellationToken cancellationToken)
    {
        var holder = AuthorityKeyRequired.HolderOf(HttpContext);
        if (await OwnRequestAsync(holder, slug, cancellationToken) is not { } request)
        {
            return NoSuchRequest(slug);
        }
        if (ApiStatus.Parse(change.Status ?? "") is not { } state || !AuthorityStates.Contains(state))
        {
            return Problem($"status must be one of: {string.Join(", ", AuthorityStates.Select(ApiStatus.Name))}", statusCode: StatusCodes.Status400BadRequest);
        }
        var tracked = await db.Set<InfoRequest>().SingleAsync(r => r.Id == request.Id, cancellationToken);
        var now = time.GetUtcNow();
        tracked.Classify(state, now);
        db.Add(RequestEvent.Record(tracked.Id, "classified", now, state: state, detail: $"by the authority through the API with the key {holder.Label} ({holder.Prefix})"));
        await db.SaveChangesAsync(cancellationToken);
        return (await summaries.SummariesAsync([tracked], cancellationToken))[0];
    }

    /// <summary>One of the key's authority's public requests; another authority's looks the same as none at all.</summary>
    private Task<InfoRequest?> OwnRequestAsync(AuthorityKeyHolder holder, string slug, CancellationToken cancellationToken) =>
        listing.Listed().AsNoTracking().SingleOrDefaultAsync(r => r.Slug == slug && r.AuthorityId == holder.AuthorityId, cancellationToken);

    private ObjectResult NoSuchRequest(string slug) => Problem($"no request {slug} to this key's authority", statusCode: StatusCodes.Status404NotFound);

    private string RequestUrl(InfoRequest request) => $"{site.Value.BaseUrl.TrimEnd('/')}/request/{request.Slug}";

    /// <summary>The response as the email it stands for, so it takes the one road every reply takes.</summary>
    private async Task<byte[]> ResponseMailAsync(InfoRequest request, AuthoritySummary authority, AuthorityKeyHolder holder, string? subject, string body,
        IFormFileCollection files, CancellationToken cancellationToken)
    {
        var message = new MimeMessage
        {
            Subject = string.IsNullOrWhiteSpace(subject) ? $"Re: {request.Title}" : subject.Trim(),
            Date = time.GetUtcNow(),
            MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("api.foi.invalid"),
        };
        message.From.Add(new MailboxAddress(authority.Name, authority.RequestEmail ?? $"{authority.Slug}@authorities.invalid"));
        message.To.Add(MailboxAddress.Parse(addresses.AddressFor(request.Id)));
        message.Headers.Add("X-Foi-Authority-Api-Key", holder.Prefix);
        var builder = new BodyBuilder { TextBody = body };
        foreach (var file in files)
        {
            await using var stream = file.OpenReadStream();
            var content = new MemoryStream();
            await stream.CopyToAsync(content, cancellationToken);
            builder.Attachments.Add(Path.GetFileName(file.FileName), content.ToArray(),
                ContentType.TryParse(file.ContentType ?? "", out var type) ? type : new ContentType("application", "octet-stream"));
        }
        message.Body = builder.ToMessageBody();
        using var raw = new MemoryStream();
        await message.WriteToAsync(raw, cancellationToken);
        return raw.ToArray();
    }
}

/// <summary>
/// Lets a call through only with a live authority key in <c>Authorization: Bearer</c>, before anything of the request
/// is read: without one the answer is 401, whatever the body.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class AuthorityKeyRequired : Attribute, IAsyncAuthorizationFilter
{
    private const string Scheme = "Bearer ";

    public static AuthorityKeyHolder HolderOf(HttpContext context) => (AuthorityKeyHolder)context.Items[typeof(AuthorityKeyHolder)]!;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        var holder = header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            ? await context.HttpContext.RequestServices.GetRequiredService<IAuthorityApiKeys>().AuthenticateAsync(header[Scheme.Length..].Trim(), context.HttpContext.RequestAborted)
            : null;
        if (holder is null)
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            context.Result = new ObjectResult(new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "An authority API key is needed",
                Detail = "Send Authorization: Bearer foi_ak_…, a key an admin of this site issued to your authority.",
            }) { StatusCode = StatusCodes.Status401Unauthorized, ContentTypes = { "application/problem+json" } };
            return;
        }
        context.HttpContext.Items[typeof(AuthorityKeyHolder)] = holder;
    }
}
