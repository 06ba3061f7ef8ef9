using System.Security.Cryptography;
using Foi.Common.Data;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Mail.RouteMail;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Foi.Modules.Mail.ReceiveMail;

internal enum ReceiveOutcome
{
    Stored,
    Duplicate,
}

internal sealed record ReceiveResult(Guid Id, ReceiveOutcome Outcome);

/// <summary>
/// The one way in for every received email (pipe, mailbox poller, batch import): keep the exact bytes durably, and
/// nothing else. The caller acknowledges the message once this returns, so a failure here means the sender keeps it;
/// parsing, routing and publishing follow in the site (<see cref="StoredMailPickup"/>), one message at a time.
/// </summary>
internal sealed class MailReceiver(FoiDbContext db, StoredMailSignal signal, TimeProvider time)
{
    public async Task<ReceiveResult> ReceiveAsync(byte[] raw, string? envelopeRecipient, string source, CancellationToken cancellationToken)
    {
        var (messageId, key) = Identify(raw);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(raw));
        var contentKey = key ?? sha256;
        var existing = await FindExistingAsync(messageId, sha256, contentKey, cancellationToken);
        if (existing is not null)
        {
            return await DuplicateAsync(existing, envelopeRecipient, cancellationToken);
        }

        var mail = IncomingMail.Store(Guid.CreateVersion7(time.GetUtcNow()), raw, sha256, contentKey, messageId, envelopeRecipient, source, time.GetUtcNow());
        db.Add(mail);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.Entry(mail).State = EntityState.Detached;
            // Another process may have stored the same message a moment ago; if not, the failure is real.
            var raced = await FindExistingAsync(messageId, sha256, contentKey, cancellationToken);
            if (raced is null)
            {
                throw;
            }
            return await DuplicateAsync(raced, envelopeRecipient, cancellationToken);
        }

        signal.Wake();
        return new ReceiveResult(mail.Id, ReceiveOutcome.Stored);
    }

    private async Task<ReceiveResult> DuplicateAsync(IncomingMail existing, string? envelopeRecipient, CancellationToken cancellationToken)
    {
        // The same message piped again for another envelope recipient (a Bcc to a second request) still reaches it.
        if (existing.AddEnvelopeRecipient(envelopeRecipient))
        {
            if (existing.State is IncomingState.Routed or IncomingState.Held)
            {
                existing.RouteAgain();
            }
            await db.SaveChangesAsync(cancellationToken);
            signal.Wake();
        }
        return new ReceiveResult(existing.Id, ReceiveOutcome.Duplicate);
    }

    private Task<IncomingMail?> FindExistingAsync(string? messageId, string sha256, string contentKey, CancellationToken cancellationToken) =>
        messageId is null
            ? db.Set<IncomingMail>().FirstOrDefaultAsync(m => m.Sha256 == sha256, cancellationToken)
            : db.Set<IncomingMail>().FirstOrDefaultAsync(m => (m.MessageId == messageId && (m.ContentKey == contentKey || m.ContentKey == "")) || m.Sha256 == sha256, cancellationToken);

    // Mail stored before content keys existed has an empty one: it is matched by its Message-ID alone, as it was then.

    /// <summary>Headers each hop or delivery adds at the top: they differ between two deliveries of one message.</summary>
    private static readonly HashSet<string> TraceHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Received", "Return-Path", "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "X-Envelope-From",
        "X-Spam-Score", "X-Spam-Status", "X-Spam-Level", "X-Spam-Flag", "X-Spam-Checker-Version", "Authentication-Results",
        "Received-SPF", "ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results", "X-Virus-Scanned",
    };

    /// <summary>
    /// What identifies a message, read from its headers once: the Message-ID (from the headers alone, so even a
    /// message whose body MimeKit cannot parse is deduplicated), and the content key, the hash of its own headers and
    /// body without the trace headers: one message piped once for each of its recipients has one key; a different
    /// message that reuses a Message-ID has another, and is kept as a new one. Headers no parser reads give neither.
    /// </summary>
    internal static (string? MessageId, string? ContentKey) Identify(byte[] raw)
    {
        HeaderList headers;
        try
        {
            headers = HeaderList.Load(new MemoryStream(raw, writable: false));
        }
        catch (FormatException)
        {
            // ParseException is a FormatException.
            return (null, null);
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var header in headers.Where(h => !TraceHeaders.Contains(h.Field)))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{header.Field}:{header.Value.Trim()}\n"));
        }
        hash.AppendData(raw.AsSpan(BodyStart(raw)));
        return (MessageIdOf(headers[HeaderId.MessageId]), Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static string? MessageIdOf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var id = MimeKit.Utils.MimeUtils.EnumerateReferences(value).FirstOrDefault() ?? value.Trim().Trim('<', '>');
        // A control character (a NUL above all) cannot be stored in PostgreSQL text or compared reliably: drop them.
        id = new string(id.Where(c => !char.IsControl(c)).ToArray());
        return id.Length is > 0 and <= 500 ? id : null;
    }

    /// <summary>Where the body begins: after the first empty line (CRLF or LF line ends), or nowhere.</summary>
    private static int BodyStart(byte[] raw)
    {
        var span = raw.AsSpan();
        var crlf = span.IndexOf("\r\n\r\n"u8);
        var lf = span.IndexOf("\n\n"u8);
        return (crlf, lf) switch
        {
            (< 0, < 0) => raw.Length,
            (>= 0, < 0) => crlf + 4,
            (< 0, >= 0) => lf + 2,
            _ => crlf < lf ? crlf + 4 : lf + 2,
        };
    }
}
