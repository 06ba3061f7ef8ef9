using Foi.Modules.Mail.Contracts;

namespace Foi.Modules.Mail.ReadMailLogs;

/// <summary>What the logs say about one recipient: the latest meaningful line wins.</summary>
internal sealed record RecipientOutcome(RecipientStatus Status, DateTimeOffset Time, string? Reason, string? RemoteHost);

/// <summary>One message as the logs tell it, gathered from its queue id's lines.</summary>
internal sealed class LoggedMessage(string mta, string queueId)
{
    public string Mta { get; } = mta;
    public string QueueId { get; } = queueId;
    public string? MessageId { get; set; }
    public string? Sender { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
    public SortedDictionary<string, RecipientOutcome> Recipients { get; } = new(StringComparer.OrdinalIgnoreCase);

    public void Apply(LogLine line)
    {
        if (line.Kind == LogLineKind.Arrival)
        {
            MessageId ??= line.MessageId;
            Sender ??= line.Sender;
            ReceivedAt ??= line.Time;
            return;
        }
        var targets = line.Recipient is { } one ? [one] : Recipients.Keys.Where(r => Recipients[r].Status is not (RecipientStatus.Delivered or RecipientStatus.Failed)).ToList();
        foreach (var recipient in targets)
        {
            if (!Recipients.TryGetValue(recipient, out var known) || known.Time <= line.Time)
            {
                Recipients[recipient] = new RecipientOutcome(line.Status ?? RecipientStatus.Sent, line.Time, line.Reason, line.RemoteHost);
            }
        }
    }
}

/// <summary>Gathers parsed lines into messages by queue id: what `foi mail-logs parse` prints.</summary>
internal sealed class LoggedMessages
{
    private readonly Dictionary<(string, string), LoggedMessage> byQueueId = [];
    private readonly List<LoggedMessage> inOrder = [];

    public IReadOnlyList<LoggedMessage> Messages => inOrder;

    public void Add(LogLine line)
    {
        if (!byQueueId.TryGetValue((line.Mta, line.QueueId), out var message))
        {
            message = new LoggedMessage(line.Mta, line.QueueId);
            byQueueId[(line.Mta, line.QueueId)] = message;
            inOrder.Add(message);
        }
        message.Apply(line);
    }
}
