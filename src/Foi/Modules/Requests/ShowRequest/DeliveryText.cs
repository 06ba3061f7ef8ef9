using System.Text.RegularExpressions;
using Foi.Modules.Mail.Contracts;

namespace Foi.Modules.Requests.ShowRequest;

/// <summary>How an outgoing message's delivery reads on the request page, and its log lines with other sites' details hidden.</summary>
internal static partial class DeliveryText
{
    public static (string Css, string Sentence, string? Reason) Describe(OutgoingMailStatus status)
    {
        var logged = status.Logged;
        var failed = logged.FirstOrDefault(l => l.Status == RecipientStatus.Failed);
        var deferred = logged.FirstOrDefault(l => l.Status == RecipientStatus.Deferred);
        if (failed is not null)
        {
            return ("failed", $"Could not be delivered: the authority's mail server refused it, or we gave up trying ({failed.Time:d MMMM yyyy 'at' HH:mm}).", failed.Reason);
        }
        if (status.State == DeliveryState.Bounced)
        {
            return ("failed", "Could not be delivered: the authority's mail server refused it.", status.LastError);
        }
        if (deferred is not null)
        {
            return ("deferred", $"Not delivered yet: the authority's mail server could not take it when we last tried ({deferred.Time:d MMMM 'at' HH:mm}). Our server keeps trying.", deferred.Reason);
        }
        if (logged.Count > 0 && logged.All(l => l.Status == RecipientStatus.Delivered))
        {
            var last = logged.MaxBy(l => l.Time)!;
            return ("delivered", $"Delivered to the authority's mail server on {last.Time:d MMMM yyyy 'at' HH:mm}.", null);
        }
        return status.State switch
        {
            // Only when the log has lines about this message is its silence about the authority's server news.
            DeliveryState.Sent when logged.Count > 0 => ("sent", $"Sent: our mail server accepted it on {status.SentAt:d MMMM yyyy 'at' HH:mm}. We have not yet seen the authority's server take it.", null),
            DeliveryState.Sent => ("sent", $"Sent: our mail server accepted it on {status.SentAt:d MMMM yyyy 'at' HH:mm}.", null),
            DeliveryState.Queued => ("queued", "Waiting to be sent.", null),
            _ => ("failed-send", "Not sent yet: the last attempt failed. We will keep trying.", status.LastError),
        };
    }

    /// <summary>
    /// A message to several addresses, one line per address: one refused address does not make the others
    /// undelivered. Empty for a message to one address, which <see cref="Describe"/> says in one sentence. An address
    /// other than the authority's is shown only to <paramref name="showAddresses"/> (the requester, admins).
    /// </summary>
    public static IReadOnlyList<(string Css, string Sentence, string? Reason)> PerRecipient(OutgoingMailStatus status, string? authorityEmail, bool showAddresses)
    {
        var recipients = status.Recipients.Select(r => r.ToLowerInvariant())
            .Union(status.Logged.Select(l => l.Recipient.ToLowerInvariant()))
            .ToList();
        if (recipients.Count < 2)
        {
            return [];
        }
        var others = 0;
        return recipients.Select(recipient =>
        {
            var name = showAddresses || string.Equals(recipient, authorityEmail, StringComparison.OrdinalIgnoreCase)
                ? recipient
                : $"another address ({++others})";
            var line = status.Logged.FirstOrDefault(l => string.Equals(l.Recipient, recipient, StringComparison.OrdinalIgnoreCase));
            return line?.Status switch
            {
                RecipientStatus.Delivered => ("delivered", $"{name}: delivered to its mail server on {line.Time:d MMMM yyyy 'at' HH:mm}.", (string?)null),
                RecipientStatus.Failed => ("failed", $"{name}: could not be delivered ({line.Time:d MMMM yyyy 'at' HH:mm}).", line.Reason),
                RecipientStatus.Deferred => ("deferred", $"{name}: not delivered yet; our server keeps trying ({line.Time:d MMMM 'at' HH:mm}).", line.Reason),
                _ => status.State switch
                {
                    DeliveryState.Queued => ("queued", $"{name}: waiting to be sent.", null),
                    DeliveryState.Failed => ("failed-send", $"{name}: not sent yet.", null),
                    _ => ("sent", $"{name}: sent; we have not yet seen its mail server take it.", null),
                },
            };
        }).ToList();
    }

    /// <summary>One sentence over a message to several addresses, counting each address by its own status.</summary>
    public static (string Css, string Sentence) Summary(IReadOnlyList<(string Css, string Sentence, string? Reason)> recipients)
    {
        var delivered = recipients.Count(r => r.Css == "delivered");
        var failed = recipients.Count(r => r.Css == "failed");
        var others = recipients.Count - failed;
        return (delivered, failed) switch
        {
            _ when delivered == recipients.Count => ("delivered", $"Delivered to all {recipients.Count} addresses."),
            _ when failed == recipients.Count => ("failed", $"Could not be delivered to any of its {recipients.Count} addresses."),
            _ when failed > 0 && delivered == others => ("partial", $"Could not be delivered to {failed} of its {recipients.Count} addresses; delivered to the other{(others == 1 ? "" : "s")}."),
            _ when failed > 0 => ("partial", $"Could not be delivered to {failed} of its {recipients.Count} addresses; the other{(others == 1 ? " is" : "s are")} not affected (see below)."),
            _ => ("sent", $"Delivered to {delivered} of its {recipients.Count} addresses so far."),
        };
    }

    /// <summary>A log line as the requester sees it: the authority's address stays; other hosts, addresses and IPs do not.</summary>
    public static string Redact(string line, string? authorityEmail, string requestAddress, int requestId)
    {
        // The syslog host goes first: after it the time is the only thing with colons left at the start.
        var text = SyslogHost().Replace(line, "${time} [host] ");
        text = text.Replace(requestAddress, $"[FOI #{requestId} email]", StringComparison.OrdinalIgnoreCase);
        text = Email().Replace(text, m => authorityEmail is not null && m.Value.Equals(authorityEmail, StringComparison.OrdinalIgnoreCase) ? m.Value : "[address]");
        text = Relay().Replace(text, "${key}=[remote server]");
        return Ip().Replace(text, "[ip]").Replace("[[ip]]", "[ip]", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<key>relay|H)=[^\s,]+(?: \[[^\]]*\])?")]
    private static partial Regex Relay();

    // IPv6 only in its full form (eight groups) or shortened with "::", so that a time (22:55:14) is never taken for one.
    [GeneratedRegex(@"\b\d{1,3}(?:\.\d{1,3}){3}\b|(?<![\w:])(?:(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4})*)?::(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4})*)?)(?![\w:])")]
    private static partial Regex Ip();

    [GeneratedRegex(@"^(?<time>[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d) \S+ ")]
    private static partial Regex SyslogHost();
}
