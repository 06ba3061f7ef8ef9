using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Themes.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Requests.FileRequest;

internal sealed class FileRequestHandler(
    FoiDbContext db,
    IMailOutbox outbox,
    IRequestAddresses addresses,
    SiteClock clock,
    ISiteTheme theme,
    RequestCalendar calendar,
    IOptions<SiteOptions> site,
    Foi.Common.Events.IEventOutbox events)
{
    /// <summary>
    /// Saves the request and its letter and queues the email in one transaction, then tries to send at once. A form
    /// already sent (the same <paramref name="submissionId"/>) sends nothing and gives the request it made.
    /// </summary>
    public async Task<InfoRequest> FileAsync(int userId, string requesterName, AuthoritySummary authority, string title, string body,
        CancellationToken cancellationToken, Guid? submissionId = null)
    {
        if (await SentLetters.FindAsync(db, submissionId, userId, cancellationToken) is { } sent)
        {
            return sent;
        }
        if (!authority.CanReceiveRequests || authority.RequestEmail is null)
        {
            throw new InvalidOperationException($"{authority.Name} cannot receive requests.");
        }
        var now = clock.UtcNow;
        var due = await calendar.DueDatesAsync(authority.Law, clock.DateOf(now), cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var request = InfoRequest.File(title, await UniqueSlugAsync(title, cancellationToken), authority.Id, userId, now, due);
        db.Add(request);
        for (var attempt = 1; ; attempt++)
        {
            // Two requests with one title filed at the same moment both find the same free slug; the one that loses
            // the race takes a slug with a random ending instead of failing.
            await transaction.CreateSavepointAsync("slug", cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (DbUpdateException exception) when (UniqueViolation.Is(exception) && attempt < 3)
            {
                await transaction.RollbackToSavepointAsync("slug", cancellationToken);
                request.ChangeSlug(Slug.WithRandomEnding(title, 100));
            }
        }

        var address = addresses.AddressFor(request.Id);
        var subject = $"Freedom of Information request - {request.Title}";
        var queued = outbox.Enqueue(new OutgoingEmail(
            requesterName, address, [authority.RequestEmail], subject, WithFooter(body, address, request.Slug), "request"));
        db.Add(RequestMessage.Outgoing(request.Id, OutgoingKind.InitialRequest, subject, body.Trim(), queued.Id, now));
        db.Add(RequestEvent.Record(request.Id, "sent", now, userId));
        events.Enqueue(new Contracts.AccountActed(userId));
        if (submissionId is { } key)
        {
            db.Add(LetterSubmission.Record(key, userId, request.Id, now));
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (SentLetters.IsSecondPost(exception, submissionId))
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return await SentLetters.FindAsync(db, submissionId, userId, cancellationToken)
                ?? throw new InvalidOperationException("The letter was refused as sent twice, but no earlier one was found.", exception);
        }

        await events.DispatchEnqueuedAsync(cancellationToken);
        await outbox.TrySendAsync(queued.Id, cancellationToken);
        return request;
    }

    internal string WithFooter(string body, string address, string slug) =>
        $"""
        {body.Trim()}

        -------------------------------------------------------------------
        Please use this email address for all replies to this request:
        {address}

        This request was made through {theme.SiteName}. It and your reply will be published at
        {site.Value.BaseUrl.TrimEnd('/')}/request/{slug}
        -------------------------------------------------------------------
        """;

    private Task<string> UniqueSlugAsync(string title, CancellationToken cancellationToken) =>
        Slug.UniqueAsync(title, 100, candidate => RequestSlugs.TakenAsync(db, candidate, cancellationToken));
}
