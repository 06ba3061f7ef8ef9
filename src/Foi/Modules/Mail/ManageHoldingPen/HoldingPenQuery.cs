using System.Globalization;
using System.Text.RegularExpressions;
using Foi.Common.Data;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Requests.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Mail.ManageHoldingPen;

/// <summary>One received message as the holding pen lists it: never its raw bytes, which may be megabytes each.</summary>
internal sealed record HeldMail(Guid Id, string? FromAddress, string? Subject, DateTimeOffset ReceivedAt, HeldReason? HeldReason, string? Note, string? RouteError);

internal sealed record RequestGuess(RequestInboxInfo Request, string Why);

internal sealed record HeldItem(HeldMail Mail, IReadOnlyList<RequestGuess> Guesses);

internal sealed record BlockedAddressView(string Address, int Discarded, string AddedBy);

internal sealed record HoldingPenPage(IReadOnlyList<HeldItem> Held, IReadOnlyList<HeldMail> Bounces, IReadOnlyList<BlockedAddressView> Blocked, IReadOnlyList<HeldMail> SetAside, string? Error);

/// <summary>One received message in full, for the admin deciding what to do with it.</summary>
internal sealed record ReceivedMailPage(
    Guid Id, IncomingState State, HeldReason? HeldReason, DateTimeOffset ReceivedAt, string Source, string EnvelopeRecipients,
    string? MessageId, string? Note, string? RouteError, string RawText);

/// <summary>What the holding pen shows: held mail with guesses at its request, mail set aside, bounces and blocked addresses.</summary>
internal sealed partial class HoldingPenQuery(FoiDbContext db, IRequestInbox requests, IAuthorityDirectory authorities, ILogger<HoldingPenQuery> logger)
{
    private const int ShownSourceBytes = 200_000;

    public async Task<HoldingPenPage> PageAsync(string? error, CancellationToken cancellationToken)
    {
        var held = await ListAsync(IncomingState.Held, 200, cancellationToken);
        var items = new List<HeldItem>();
        foreach (var mail in held)
        {
            items.Add(new HeldItem(mail, await GuessOrNoneAsync(mail, cancellationToken)));
        }
        var blocked = await db.Set<BlockedAddress>().AsNoTracking().OrderBy(b => b.Address)
            .Select(b => new BlockedAddressView(b.Address, b.Discarded, b.AddedBy)).ToListAsync(cancellationToken);
        return new HoldingPenPage(
            items, await ListAsync(IncomingState.Bounce, 50, cancellationToken), blocked, await ListAsync(IncomingState.Failed, 200, cancellationToken), error);
    }

    public async Task<ReceivedMailPage?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var mail = await db.Set<IncomingMail>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        return mail is null
            ? null
            : new ReceivedMailPage(
                mail.Id, mail.State, mail.HeldReason, mail.ReceivedAt, mail.Source, mail.EnvelopeRecipients, mail.MessageId, mail.Note, mail.RouteError,
                System.Text.Encoding.UTF8.GetString(mail.Raw, 0, Math.Min(mail.Raw.Length, ShownSourceBytes)));
    }

    private async Task<List<HeldMail>> ListAsync(IncomingState state, int count, CancellationToken cancellationToken) =>
        await db.Set<IncomingMail>().AsNoTracking().Where(m => m.State == state).OrderByDescending(m => m.ReceivedAt).Take(count)
            .Select(m => new HeldMail(m.Id, m.FromAddress, m.Subject, m.ReceivedAt, m.HeldReason, m.Note, m.RouteError))
            .ToListAsync(cancellationToken);

    /// <summary>One message whose guess fails must not take the whole holding pen down with it.</summary>
    private async Task<IReadOnlyList<RequestGuess>> GuessOrNoneAsync(HeldMail mail, CancellationToken cancellationToken)
    {
        try
        {
            return await GuessAsync(mail, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Could not guess the request of held mail {MailId}", mail.Id);
            return [];
        }
    }

    /// <summary>Up to three requests the mail probably belongs to, each with the reason for the guess.</summary>
    private async Task<IReadOnlyList<RequestGuess>> GuessAsync(HeldMail mail, CancellationToken cancellationToken)
    {
        var guesses = new List<RequestGuess>();
        // The number comes from a stranger's address: it may be far beyond any id.
        if (mail.Note is { } note && NearMissId().Match(note) is { Success: true } m
            && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var nearId)
            && await requests.FindAsync(nearId, cancellationToken) is { } sameId)
        {
            guesses.Add(new RequestGuess(sameId, "same request number, wrong code"));
        }
        if (mail.Subject is { } subject && TitleInSubject().Match(subject) is { Success: true } t)
        {
            foreach (var byTitle in await requests.FindByTitleAsync(t.Groups[1].Value.Trim(), cancellationToken))
            {
                guesses.Add(new RequestGuess(byTitle, "subject matches the title"));
            }
        }
        if (mail.FromAddress?.Split('@') is [_, var domain])
        {
            var bodies = await authorities.FindByEmailDomainAsync(domain, cancellationToken);
            foreach (var waiting in await requests.WaitingForAsync(bodies.Select(b => b.Id).ToList(), 3, cancellationToken))
            {
                guesses.Add(new RequestGuess(waiting, $"sender's domain is {domain}, which has this request waiting"));
            }
        }
        return guesses.DistinctBy(g => g.Request.Id).Take(3).ToList();
    }

    [GeneratedRegex(@"request ([0-9]+) with a wrong code")]
    private static partial Regex NearMissId();

    [GeneratedRegex(@"Freedom of Information request\s*-\s*(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex TitleInSubject();
}
