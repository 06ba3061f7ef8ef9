using System.Text.RegularExpressions;
using Foi.Common.Data;
using Foi.Common.Events;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ReceiveResponse;

/// <summary>
/// Publishes a routed email as a response on its request: masked text, attachments with their text, the request
/// marked as awaiting classification (unless it is an automatic reply) and the requester told. Idempotent: an email
/// already published on the request is left alone, so the Mail module may hand it over again after a crash.
/// </summary>
internal sealed partial class PublishResponseHandler(
    FoiDbContext db,
    IIncomingMail incoming,
    IRequestAddresses addresses,
    IUserDirectory users,
    IAuthorityDirectory authorities,
    RequesterMail requesterMail,
    TimeProvider time) : IEventHandler<IncomingMailRouted>
{
    public async Task HandleAsync(IncomingMailRouted routed, CancellationToken cancellationToken)
    {
        if (await db.Set<RequestMessage>().AnyAsync(m => m.IncomingMailId == routed.IncomingMailId && m.RequestId == routed.RequestId, cancellationToken))
        {
            return;
        }
        var request = await db.Set<InfoRequest>().SingleOrDefaultAsync(r => r.Id == routed.RequestId, cancellationToken);
        var content = await incoming.ReadAsync(routed.IncomingMailId, cancellationToken);
        if (request is null || content is null)
        {
            return;
        }
        var requester = await users.FindAsync(request.UserId, cancellationToken);
        string Mask(string text) => Masking.Mask(text, addresses, requester?.Email);

        var message = RequestMessage.Incoming(
            request.Id, content.Id, content.FromName, content.FromAddress, Mask(content.Subject), Mask(content.BodyText),
            content.BodyHtml is null ? null : Mask(content.BodyHtml), content.IsAutoReply, content.Notice, content.Date);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var attachment in content.Attachments)
        {
            db.Add(RequestAttachment.For(message.Id, attachment.Index, attachment.FileName, attachment.ContentType, attachment.Size,
                attachment.Text is null ? null : Mask(attachment.Text), attachment.Note));
        }
        var now = time.GetUtcNow();
        request.ReceiveResponse(now, content.IsAutoReply);
        db.Add(RequestEvent.Record(request.Id, content.IsAutoReply ? "auto_reply" : "response", now, detail: content.FromAddress).About(message));

        Guid? notification = null;
        if (!content.IsAutoReply)
        {
            var authority = await authorities.FindAsync(request.AuthorityId, cancellationToken);
            notification = await requesterMail.QueueAsync(request, $"New response to your request \"{request.Title}\"",
                $"""
                {authority?.Name ?? "The authority"} has replied to your Freedom of Information request "{request.Title}".
                Read it here:

                {requesterMail.LinkTo(request, $"message-{message.Id}")}

                Then tell us what the reply says (was the information sent, refused, is it still on its way?). It keeps the
                site useful for everyone, and we will suggest what to do next.
                """, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await requesterMail.SendAsync(notification, cancellationToken);
    }
}

/// <summary>Hides, in published text, the request's own addresses and the requester's email.</summary>
internal static partial class Masking
{
    public const string PhoneNumber = "[phone number]";

    public static string Mask(string text, IRequestAddresses addresses, string? requesterEmail)
    {
        var masked = RequestAddress().Replace(text, match =>
            addresses.TryParse(match.Value, out var id) ? $"[FOI #{id} email]" : "[email address]");
        if (!string.IsNullOrWhiteSpace(requesterEmail))
        {
            masked = masked.Replace(requesterEmail, "[requester's email]", StringComparison.OrdinalIgnoreCase);
        }
        return MaskPhoneNumbers(masked);
    }

    /// <summary>
    /// Officers' direct lines and mobiles, and anyone's number sent by mistake: UK numbers (a 0 and 10 or 11 digits, as
    /// "020 7946 0958", "(01632) 960 001", "07700 900123") and international ones ("+44 (0)20 7946 0958",
    /// "+1 (555) 123-4567", "0033 1 23 45 67 89": 8 to 15 digits after the + or 00). What is too short or too long to be
    /// a number (a reference, a year, a sum) is left alone; digits that run on after a number are kept, the number not.
    /// </summary>
    public static string MaskPhoneNumbers(string text) => PhoneCandidate().Replace(text, match =>
    {
        // The candidate may have swallowed what follows the number ("020 7946 0958 2026"): the longest valid start wins.
        var groups = PhoneGroup().Matches(match.Value);
        for (var count = groups.Count; count >= 1; count--)
        {
            var end = groups[count - 1].Index + groups[count - 1].Length;
            if (IsPhoneNumber(match.Value[..end]))
            {
                return PhoneNumber + match.Value[end..];
            }
        }
        return match.Value;
    });

    private static bool IsPhoneNumber(string candidate)
    {
        var digits = candidate.Where(char.IsAsciiDigit).ToArray();
        var start = candidate.TrimStart('(');
        if (start.StartsWith('+'))
        {
            return digits.Length is >= 8 and <= 15 && digits[0] != '0';
        }
        if (start.StartsWith("00", StringComparison.Ordinal))
        {
            return digits.Length - 2 is >= 8 and <= 15 && digits[2] != '0';
        }
        return start.StartsWith('0') && digits.Length is 10 or 11 && digits[1] != '0';
    }

    [GeneratedRegex(@"request-[0-9]+-[0-9a-z]+@[a-z0-9.-]+", RegexOptions.IgnoreCase)]
    private static partial Regex RequestAddress();

    // Starts with + or 0 (perhaps in brackets), then groups of digits split by one space, tab, dot, hyphen or
    // bracket; not inside a word, a path or a longer figure. Bounded repeats and a timeout: no input can make it hang.
    [GeneratedRegex(@"(?<![\w+/.,£$€-])(?:\+|\(?0)\d{0,5}\)?(?:[ \t.-]?\(?\d{1,5}\)?){1,7}(?![\w/])", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PhoneCandidate();

    [GeneratedRegex(@"\d+\)?", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PhoneGroup();
}
