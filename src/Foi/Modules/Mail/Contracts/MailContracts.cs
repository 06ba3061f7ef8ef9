namespace Foi.Modules.Mail.Contracts;

/// <summary>An email another module wants sent. <see cref="FromAddress"/> null means the site's own address.</summary>
/// <param name="FromName">Display name of the sender.</param>
/// <param name="FromAddress">From address and envelope sender; a request's own address for FOI correspondence.</param>
/// <param name="To">Recipient addresses.</param>
/// <param name="Subject">Subject line.</param>
/// <param name="TextBody">Plain-text body.</param>
/// <param name="Purpose">What the mail is for, for admins reading the outbox (e.g. "request", "account").</param>
/// <param name="ReplyTo">Where replies should go, when not to the sender.</param>
/// <param name="Answers">Our ids of the mails (sent or received) this one follows, oldest first, the one it answers
/// last: they become its In-Reply-To and References, so it threads in the recipient's mail client.</param>
/// <param name="Headers">More header fields, such as an alert's List-Unsubscribe.</param>
public sealed record OutgoingEmail(
    string FromName,
    string? FromAddress,
    IReadOnlyList<string> To,
    string Subject,
    string TextBody,
    string Purpose,
    string? ReplyTo = null,
    IReadOnlyList<Guid>? Answers = null,
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null);

/// <summary>The handle of a queued email.</summary>
/// <param name="Id">Our id of the outgoing message.</param>
/// <param name="MessageId">The RFC 5322 Message-ID we generated, without angle brackets.</param>
public sealed record QueuedEmail(Guid Id, string MessageId);

/// <summary>
/// The durable outbox. <see cref="Enqueue"/> adds the message to the caller's unit of work, so it is saved
/// (or not) together with the caller's own change; <see cref="TrySendAsync"/> then hands it to the transport.
/// Whatever fails is retried by a scheduled job, so a saved message is never lost.
/// </summary>
public interface IMailOutbox
{
    /// <summary>Builds the MIME message and adds it to the current database context without saving.</summary>
    QueuedEmail Enqueue(OutgoingEmail email);

    /// <summary>As <see cref="Enqueue"/>, looking up the Message-IDs of the mails the email answers first.</summary>
    Task<QueuedEmail> EnqueueAsync(OutgoingEmail email, CancellationToken cancellationToken);

    /// <summary>Attempts delivery now; a failure is recorded on the message, not thrown.</summary>
    Task TrySendAsync(Guid id, CancellationToken cancellationToken);
}

/// <summary>What the mail server's log last said about one recipient of an outgoing message.</summary>
public enum RecipientStatus
{
    /// <summary>Our mail server accepted it.</summary>
    Sent,

    /// <summary>A temporary failure; our mail server keeps trying.</summary>
    Deferred,

    /// <summary>The recipient's mail server accepted it.</summary>
    Delivered,

    /// <summary>Refused, or given up on.</summary>
    Failed,
}

/// <summary>The word for a <see cref="RecipientStatus"/> in the database, in reports and on admin pages.</summary>
public static class RecipientStatuses
{
    public static string ToLogWord(this RecipientStatus status) => status switch
    {
        RecipientStatus.Sent => "sent",
        RecipientStatus.Deferred => "deferred",
        RecipientStatus.Delivered => "delivered",
        RecipientStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static RecipientStatus FromLogWord(string word) => word switch
    {
        "sent" => RecipientStatus.Sent,
        "deferred" => RecipientStatus.Deferred,
        "delivered" => RecipientStatus.Delivered,
        "failed" => RecipientStatus.Failed,
        _ => throw new FormatException($"'{word}' is not a recipient status."),
    };
}

/// <summary>
/// Published in process, after the save, when what is known of outgoing messages' delivery changed: handed to our mail
/// server, failed, bounced, or a new word from its log. Whoever shows those statuses makes the pages afresh.
/// </summary>
/// <param name="OutgoingMailIds">Our ids of the messages.</param>
public sealed record OutgoingMailStatusChanged(IReadOnlyCollection<Guid> OutgoingMailIds);

/// <summary>Where the transport has got with an outgoing message.</summary>
public enum DeliveryState
{
    /// <summary>Saved, not yet handed to the mail server.</summary>
    Queued,

    /// <summary>Accepted by our mail server (or written to the pickup folder).</summary>
    Sent,

    /// <summary>The last attempt failed; it will be retried.</summary>
    Failed,

    /// <summary>Our mail server accepted it, but the recipient's server refused it (a bounce came back). Not retried.</summary>
    Bounced,
}

/// <summary>What the requester may see of an outgoing message's transport.</summary>
/// <param name="Id">Our id of the outgoing message.</param>
/// <param name="MessageId">The Message-ID header, without angle brackets.</param>
/// <param name="State">Transport state.</param>
/// <param name="QueuedAt">When it was saved.</param>
/// <param name="SentAt">When our mail server accepted it.</param>
/// <param name="LastError">The last transport error, if the last attempt failed.</param>
/// <param name="Attempts">How many delivery attempts were made.</param>
/// <param name="Logged">What the mail server's log says per recipient (empty until its lines are imported).</param>
/// <param name="Recipients">The envelope recipients it was sent to.</param>
public sealed record OutgoingMailStatus(
    Guid Id,
    string MessageId,
    DeliveryState State,
    DateTimeOffset QueuedAt,
    DateTimeOffset? SentAt,
    string? LastError,
    int Attempts,
    IReadOnlyList<LoggedDelivery> Logged,
    IReadOnlyList<string> Recipients);

/// <summary>The latest meaningful log line about one recipient.</summary>
/// <param name="Recipient">The recipient's address.</param>
/// <param name="Status">What the log last said about this recipient.</param>
/// <param name="Time">When the line was logged.</param>
/// <param name="RemoteHost">The remote server, when the line names one.</param>
/// <param name="Reason">What the remote server or the network said.</param>
public sealed record LoggedDelivery(string Recipient, RecipientStatus Status, DateTimeOffset Time, string? RemoteHost, string? Reason);

/// <summary>A log line kept as evidence of an outgoing message's delivery.</summary>
/// <param name="Time">When it was logged.</param>
/// <param name="Text">The line as the MTA wrote it.</param>
/// <param name="File">The file it was read from.</param>
/// <param name="LineNumber">Its line number in that file.</param>
public sealed record DeliveryEvidence(DateTimeOffset Time, string Text, string File, long LineNumber);

/// <summary>The mail server's log lines about outgoing messages.</summary>
public interface IDeliveryEvidence
{
    /// <summary>The lines about each of these outgoing messages, oldest first, in one query; a message with none is left out.</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<DeliveryEvidence>>> LinesAsync(IReadOnlyCollection<Guid> outgoingMailIds, CancellationToken cancellationToken);
}

/// <summary>Reads the transport state of outgoing messages, for the modules that sent them.</summary>
public interface IOutgoingMailStatuses
{
    /// <summary>The statuses of the given messages, by id; unknown ids are left out.</summary>
    Task<IReadOnlyDictionary<Guid, OutgoingMailStatus>> GetAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    /// <summary>The newest messages sent to an address (the site's own mail to a person: confirmation, reset, notices), newest first.</summary>
    Task<IReadOnlyList<SentMail>> ToAddressAsync(string address, int count, CancellationToken cancellationToken);
}

/// <summary>One message sent to an address, with what is known of its delivery.</summary>
/// <param name="Subject">Its subject.</param>
/// <param name="Purpose">What it was for ("account", "request", ...).</param>
/// <param name="Status">Its transport state and what the mail server's log said of each recipient.</param>
public sealed record SentMail(string Subject, string Purpose, OutgoingMailStatus Status)
{
    /// <summary>What happened to it, in a few words, for the address it was sent to.</summary>
    public string DeliveryFor(string address) =>
        Status.Logged.FirstOrDefault(l => string.Equals(l.Recipient, address, StringComparison.OrdinalIgnoreCase)) is { } line
            ? line.Status switch
            {
                RecipientStatus.Delivered => $"delivered to the recipient's mail server {line.Time:d MMM yyyy HH:mm}",
                RecipientStatus.Failed => $"could not be delivered {line.Time:d MMM yyyy HH:mm}: {line.Reason}",
                RecipientStatus.Deferred => $"delayed, still being tried ({line.Time:d MMM yyyy HH:mm}): {line.Reason}",
                _ => $"accepted by our mail server {line.Time:d MMM yyyy HH:mm}",
            }
            : Status.State switch
            {
                DeliveryState.Queued => "waiting to be sent",
                DeliveryState.Sent => $"accepted by our mail server {Status.SentAt:d MMM yyyy HH:mm}; not yet seen in its log",
                DeliveryState.Failed => $"not sent yet after {Status.Attempts} attempt(s): {Status.LastError}",
                _ => $"bounced: {Status.LastError}",
            };
}

/// <summary>The per-request email addresses: <c>request-&lt;id&gt;-&lt;hash&gt;@&lt;incoming domain&gt;</c>.</summary>
public interface IRequestAddresses
{
    /// <summary>The address that sends, and receives the replies of, one request.</summary>
    string AddressFor(int requestId);

    /// <summary>True when <paramref name="address"/> is a request address with a valid hash (case-insensitive).</summary>
    bool TryParse(string address, out int requestId);
}
