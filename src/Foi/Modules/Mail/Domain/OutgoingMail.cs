using Foi.Modules.Mail.Contracts;

namespace Foi.Modules.Mail.Domain;

/// <summary>One message we send, kept with its exact bytes so every retry sends the same Message-ID.</summary>
internal sealed class OutgoingMail
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    private OutgoingMail()
    {
    }

    public Guid Id { get; private set; }
    public string MessageId { get; private set; } = "";
    public string EnvelopeFrom { get; private set; } = "";
    public string EnvelopeTo { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string Purpose { get; private set; } = "";
    public byte[] Mime { get; private set; } = [];
    public DeliveryState State { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset QueuedAt { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? LastAttemptAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public string? LastError { get; private set; }
    public string? ServerResponse { get; private set; }

    public IReadOnlyList<string> Recipients => EnvelopeTo.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static OutgoingMail Queue(
        Guid id, string messageId, string envelopeFrom, IReadOnlyList<string> envelopeTo,
        string subject, string purpose, byte[] mime, DateTimeOffset now, TimeSpan firstRetryAfter)
    {
        if (envelopeTo.Count == 0)
        {
            throw new ArgumentException("An outgoing message needs at least one recipient.", nameof(envelopeTo));
        }
        return new OutgoingMail
        {
            Id = id,
            MessageId = messageId,
            EnvelopeFrom = envelopeFrom,
            EnvelopeTo = string.Join(',', envelopeTo),
            Subject = subject,
            Purpose = purpose,
            Mime = mime,
            State = DeliveryState.Queued,
            QueuedAt = now,
            // The sender tries at once; the retry job only picks the message up if that attempt never happened.
            NextAttemptAt = now + firstRetryAfter,
        };
    }

    /// <summary>The stored email rewritten without a person who closed their account.</summary>
    public void Rewrite(byte[] mime, string subject)
    {
        Mime = mime;
        Subject = subject.Length > 1000 ? subject[..1000] : subject;
    }

    public void MarkSent(DateTimeOffset now, string serverResponse)
    {
        Attempts++;
        State = DeliveryState.Sent;
        LastAttemptAt = now;
        SentAt = now;
        LastError = null;
        ServerResponse = serverResponse.Length > 500 ? serverResponse[..500] : serverResponse;
    }

    /// <summary>The recipient's server refused it after ours accepted it: final, not retried.</summary>
    public void MarkBounced(DateTimeOffset now, string diagnostic)
    {
        State = DeliveryState.Bounced;
        LastAttemptAt ??= now;
        LastError = diagnostic.Length > 1000 ? diagnostic[..1000] : diagnostic;
    }

    public void MarkFailed(DateTimeOffset now, string error)
    {
        Attempts++;
        State = DeliveryState.Failed;
        LastAttemptAt = now;
        LastError = error.Length > 1000 ? error[..1000] : error;
        var backoff = TimeSpan.FromMinutes(Math.Pow(2, Math.Min(Attempts - 1, 10)));
        NextAttemptAt = now + (backoff < MaxBackoff ? backoff : MaxBackoff);
    }
}
