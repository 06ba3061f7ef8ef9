using Foi.Modules.Mail.Contracts;

namespace Foi.Modules.Mail.Domain;

/// <summary>A log file known by its identity (a fingerprint of its first line), and how far it has been read.</summary>
internal sealed class MailLogFile
{
    private MailLogFile()
    {
    }

    public string Identity { get; private set; } = "";
    public string Path { get; private set; } = "";

    /// <summary>Bytes of the (decompressed) file read so far; only whole lines are ever consumed.</summary>
    public long Offset { get; private set; }
    public long LinesRead { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static MailLogFile Start(string identity, string path, DateTimeOffset now) => new() { Identity = identity, Path = path, UpdatedAt = now };

    public void Advance(string path, long offset, long lines, DateTimeOffset now)
    {
        Path = path;
        Offset = offset;
        LinesRead = lines;
        UpdatedAt = now;
    }
}

/// <summary>
/// That an MTA queue id carries one of our outgoing messages, so its later lines can be matched. MTAs reuse queue ids:
/// a new message under an old id takes the row over (the import writes it again).
/// </summary>
internal sealed class MailLogQueueId
{
    private MailLogQueueId()
    {
    }

    public string Mta { get; private set; } = "";
    public string QueueId { get; private set; } = "";
    public Guid OutgoingMailId { get; private set; }
    public DateTimeOffset SeenAt { get; private set; }

    public static MailLogQueueId For(string mta, string queueId, Guid outgoingMailId, DateTimeOffset seenAt) =>
        new() { Mta = mta, QueueId = queueId, OutgoingMailId = outgoingMailId, SeenAt = seenAt };
}

/// <summary>One log line about one of our messages, kept as evidence with the file and line it came from.</summary>
internal sealed class MailLogEvidence
{
    private MailLogEvidence()
    {
    }

    public long Id { get; private set; }
    public Guid OutgoingMailId { get; private set; }
    public string FileIdentity { get; private set; } = "";
    public string FilePath { get; private set; } = "";
    public long LineNumber { get; private set; }
    public DateTimeOffset Time { get; private set; }
    public string Text { get; private set; } = "";

    public static MailLogEvidence Of(Guid outgoingMailId, string fileIdentity, string filePath, long lineNumber, DateTimeOffset time, string text) => new()
    {
        OutgoingMailId = outgoingMailId,
        FileIdentity = fileIdentity,
        FilePath = filePath,
        LineNumber = lineNumber,
        Time = time,
        Text = text.Length > 2000 ? text[..2000] : text,
    };
}

/// <summary>The latest meaningful thing the logs say about one recipient of one outgoing message.</summary>
internal sealed class RecipientDelivery
{
    private RecipientDelivery()
    {
    }

    public long Id { get; private set; }
    public Guid OutgoingMailId { get; private set; }
    public string Recipient { get; private set; } = "";
    public RecipientStatus Status { get; private set; }
    public DateTimeOffset Time { get; private set; }
    public DateTimeOffset? DeferredSince { get; private set; }
    public string? Reason { get; private set; }
    public string? RemoteHost { get; private set; }
    public DateTimeOffset? ProblemNotifiedAt { get; private set; }

    public static RecipientDelivery For(Guid outgoingMailId, string recipient) => new() { OutgoingMailId = outgoingMailId, Recipient = recipient.ToLowerInvariant() };

    /// <summary>Takes a line's news if it is not older than what is known (so a later delivery beats an earlier failure).</summary>
    public bool Apply(RecipientStatus status, DateTimeOffset time, string? reason, string? remoteHost)
    {
        // A new row has no time yet, so any line is news to it.
        if (Time != default && time < Time)
        {
            return false;
        }
        // "Sent" (our MTA took it) never hides an outcome logged in the same second.
        if (status == RecipientStatus.Sent && Status != RecipientStatus.Sent && time == Time)
        {
            return false;
        }
        DeferredSince = status == RecipientStatus.Deferred ? DeferredSince ?? time : null;
        Status = status;
        Time = time;
        Reason = reason is { Length: > 500 } ? reason[..500] : reason;
        RemoteHost = remoteHost is { Length: > 255 } ? remoteHost[..255] : remoteHost;
        return true;
    }

    public void ProblemNotified(DateTimeOffset now) => ProblemNotifiedAt = now;
}
