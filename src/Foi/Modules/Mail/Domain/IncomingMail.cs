namespace Foi.Modules.Mail.Domain;

internal enum IncomingState
{
    /// <summary>Stored, not yet routed (a crash between storing and routing leaves it here for the re-drive job).</summary>
    Stored,
    Routed,
    Held,
    Bounce,
    Discarded,

    /// <summary>Routing failed several times: set aside with its error for an admin, so it blocks nothing else.</summary>
    Failed,
}

internal enum HeldReason
{
    NoRequestAddress,
    BadHash,
    ClosedToResponses,
    Unparseable,
    UnmatchedBounce,
    SpamScore,
}

/// <summary>An email as received: the exact bytes first, then what routing made of it.</summary>
internal sealed class IncomingMail
{
    private IncomingMail()
    {
    }

    public Guid Id { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }
    public string Source { get; private set; } = "";
    public string EnvelopeRecipients { get; private set; } = "";
    public string? MessageId { get; private set; }
    public string Sha256 { get; private set; } = "";

    /// <summary>Hash of the message without the trace headers each delivery adds: the same message piped twice has one.</summary>
    public string ContentKey { get; private set; } = "";
    public long Size { get; private set; }
    public byte[] Raw { get; private set; } = [];
    public IncomingState State { get; private set; }
    public HeldReason? HeldReason { get; private set; }
    public string? FromAddress { get; private set; }
    public string? Subject { get; private set; }
    public DateTimeOffset? RoutedAt { get; private set; }
    public string? Note { get; private set; }
    public string? DiscardReason { get; private set; }

    /// <summary>Failed routing attempts so far; at <see cref="MaxRouteAttempts"/> the mail is set aside.</summary>
    public int RouteAttempts { get; private set; }
    public string? RouteError { get; private set; }

    /// <summary>No node routes it before this time: another node has claimed it, or it waits before the next try.</summary>
    public DateTimeOffset? NotBefore { get; private set; }

    public const int MaxRouteAttempts = 5;

    public IReadOnlyList<string> EnvelopeRecipientList => EnvelopeRecipients.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static IncomingMail Store(Guid id, byte[] raw, string sha256, string contentKey, string? messageId, string? envelopeRecipient, string source, DateTimeOffset now) => new()
    {
        Id = id,
        Raw = raw,
        Size = raw.LongLength,
        Sha256 = sha256,
        ContentKey = contentKey,
        MessageId = messageId,
        EnvelopeRecipients = envelopeRecipient?.Trim() ?? "",
        Source = source,
        ReceivedAt = now,
        State = IncomingState.Stored,
    };

    /// <summary>Adds an envelope recipient seen on a second delivery of the same message; true if it is new.</summary>
    public bool AddEnvelopeRecipient(string? recipient)
    {
        if (string.IsNullOrWhiteSpace(recipient) || EnvelopeRecipientList.Contains(recipient.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }
        EnvelopeRecipients = string.Join(',', EnvelopeRecipientList.Append(recipient.Trim()));
        return true;
    }

    /// <summary>Routed again from the start: a new envelope recipient arrived, or an admin retries a set-aside mail.</summary>
    public void RouteAgain()
    {
        if (State is IncomingState.Routed or IncomingState.Held or IncomingState.Failed)
        {
            State = IncomingState.Stored;
        }
        RouteAttempts = 0;
        RouteError = null;
        NotBefore = null;
    }

    /// <summary>Routing threw: wait a little longer each time, and after the last try set it aside for an admin.</summary>
    public void RecordRouteFailure(string error, DateTimeOffset now)
    {
        if (State != IncomingState.Stored)
        {
            return; // routed already: publishing it is retried through its delivery
        }
        RouteAttempts++;
        RouteError = Truncate(error, 2000);
        NotBefore = now + TimeSpan.FromSeconds(30 * Math.Pow(2, RouteAttempts - 1));
        if (RouteAttempts >= MaxRouteAttempts)
        {
            State = IncomingState.Failed;
        }
    }

    /// <summary>The stored email rewritten without a person who closed their account (the hashes still name the original).</summary>
    public void Rewrite(byte[] raw, string? subject)
    {
        Raw = raw;
        Size = raw.LongLength;
        Subject = Truncate(subject, 1000);
    }

    public void Describe(string? fromAddress, string? subject)
    {
        FromAddress = Truncate(fromAddress, 320);
        Subject = Truncate(subject, 1000);
    }

    public void MarkRouted(DateTimeOffset now)
    {
        NotBefore = null;
        State = IncomingState.Routed;
        HeldReason = null;
        RoutedAt = now;
    }

    public void Hold(HeldReason reason, string? note)
    {
        State = IncomingState.Held;
        HeldReason = reason;
        Note = Truncate(note, 1000);
    }

    public void MarkBounce(string note)
    {
        State = IncomingState.Bounce;
        Note = Truncate(note, 1000);
    }

    public void Discard(string reason)
    {
        State = IncomingState.Discarded;
        DiscardReason = Truncate(reason, 500);
    }

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}

/// <summary>That one received email belongs to one request; delivered once the Requests module has published it.</summary>
internal sealed class IncomingDelivery
{
    private IncomingDelivery()
    {
    }

    public int Id { get; private set; }
    public Guid IncomingMailId { get; private set; }
    public int RequestId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }
    public string? RoutedBy { get; private set; }

    public static IncomingDelivery For(Guid incomingMailId, int requestId, DateTimeOffset now, string? routedBy) => new()
    {
        IncomingMailId = incomingMailId,
        RequestId = requestId,
        CreatedAt = now,
        RoutedBy = routedBy,
    };

    public void MarkDelivered(DateTimeOffset now) => DeliveredAt = now;
}

/// <summary>An address that only spammers write to (an old request's leaked address, say): mail to it is discarded.</summary>
internal sealed class BlockedAddress
{
    private BlockedAddress()
    {
    }

    public string Address { get; private set; } = "";
    public string AddedBy { get; private set; } = "";
    public DateTimeOffset AddedAt { get; private set; }
    public int Discarded { get; private set; }

    public static BlockedAddress Add(string address, string by, DateTimeOffset at) =>
        new() { Address = address.Trim().ToLowerInvariant(), AddedBy = by, AddedAt = at };

    public void CountDiscard() => Discarded++;
}
