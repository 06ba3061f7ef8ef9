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
/// The one way in for every received email (pipe, mailbox poller, batch import): keep the exact bytes durably first,
/// then route. The caller acknowledges the message only after this returns, so a failure here means the sender keeps it.
/// </summary>
internal sealed class MailReceiver(FoiDbContext db, MailRouter router, TimeProvider time, ILogger<MailReceiver> logger)
{
    public async Task<ReceiveResult> ReceiveAsync(byte[] raw, string? envelopeRecipient, string source, CancellationToken cancellationToken)
    {
        var messageId = ReadMessageId(raw);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(raw));
        var existing = await FindExistingAsync(messageId, sha256, cancellationToken);
        if (existing is not null)
        {
            return await DuplicateAsync(existing, envelopeRecipient, cancellationToken);
        }

        var mail = IncomingMail.Store(Guid.CreateVersion7(time.GetUtcNow()), raw, sha256, messageId, envelopeRecipient, source, time.GetUtcNow());
        db.Add(mail);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.Entry(mail).State = EntityState.Detached;
            // Another process may have stored the same message a moment ago; if not, the failure is real.
            var raced = await FindExistingAsync(messageId, sha256, cancellationToken);
            if (raced is null)
            {
                throw;
            }
            return await DuplicateAsync(raced, envelopeRecipient, cancellationToken);
        }

        await RouteSafelyAsync(mail.Id, cancellationToken);
        return new ReceiveResult(mail.Id, ReceiveOutcome.Stored);
    }

    private async Task<ReceiveResult> DuplicateAsync(IncomingMail existing, string? envelopeRecipient, CancellationToken cancellationToken)
    {
        // The same message piped again for another envelope recipient (a Bcc to a second request) still reaches it.
        if (existing.AddEnvelopeRecipient(envelopeRecipient))
        {
            await db.SaveChangesAsync(cancellationToken);
            if (existing.State is IncomingState.Routed or IncomingState.Held)
            {
                await RouteSafelyAsync(existing.Id, cancellationToken);
            }
        }
        return new ReceiveResult(existing.Id, ReceiveOutcome.Duplicate);
    }

    private async Task RouteSafelyAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await router.RouteAsync(id, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Stored is what matters to the sender; the re-drive job routes it later.
            logger.LogError(exception, "Routing received mail {Id} failed; it stays stored and will be routed again", id);
        }
    }

    private Task<IncomingMail?> FindExistingAsync(string? messageId, string sha256, CancellationToken cancellationToken) =>
        messageId is null
            ? db.Set<IncomingMail>().FirstOrDefaultAsync(m => m.Sha256 == sha256, cancellationToken)
            : db.Set<IncomingMail>().FirstOrDefaultAsync(m => m.MessageId == messageId || m.Sha256 == sha256, cancellationToken);

    /// <summary>The Message-ID from the headers alone, so even a message whose body MimeKit cannot parse is deduplicated.</summary>
    internal static string? ReadMessageId(byte[] raw)
    {
        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            var headers = HeaderList.Load(stream);
            var value = headers[HeaderId.MessageId];
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }
            var id = MimeKit.Utils.MimeUtils.EnumerateReferences(value).FirstOrDefault() ?? value.Trim().Trim('<', '>');
            return id.Length is > 0 and <= 500 ? id : null;
        }
        catch (FormatException)
        {
            // ParseException is a FormatException: headers MimeKit cannot read have no usable Message-ID.
            return null;
        }
    }
}
