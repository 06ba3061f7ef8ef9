using System.Text.RegularExpressions;
using MimeKit;

namespace Foi.Modules.Mail.RouteMail;

/// <summary>What kind of email this is: every address it was sent to, an automatic reply, a bounce.</summary>
internal static partial class MailClassifier
{
    private static readonly string[] RecipientHeaders = ["To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To"];

    /// <summary>Every recipient address: To, Cc, the envelope recipients and the headers MTAs add for them.</summary>
    public static IReadOnlyList<string> Recipients(MimeMessage message, IEnumerable<string> envelopeRecipients)
    {
        var addresses = new List<string>(envelopeRecipients);
        foreach (var header in message.Headers.Where(h => RecipientHeaders.Contains(h.Field, StringComparer.OrdinalIgnoreCase)))
        {
            if (InternetAddressList.TryParse(header.Value, out var list))
            {
                addresses.AddRange(list.Mailboxes.Select(m => m.Address));
            }
            else
            {
                addresses.AddRange(LooseAddress().Matches(header.Value).Select(m => m.Value));
            }
        }
        return addresses.Where(a => a.Contains('@', StringComparison.Ordinal))
            .Select(a => a.Trim().Trim('<', '>')).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    public static bool IsAutoReply(MimeMessage message)
    {
        var autoSubmitted = message.Headers["Auto-Submitted"];
        if (!string.IsNullOrWhiteSpace(autoSubmitted) && !autoSubmitted.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (message.Headers.Contains("X-Autoreply") || message.Headers.Contains("X-Autorespond") || message.Headers.Contains("X-Autoresponder"))
        {
            return true;
        }
        var precedence = message.Headers["Precedence"] ?? "";
        if (precedence.Contains("auto_reply", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return AutoReplySubject().IsMatch(message.Subject ?? "");
    }

    [GeneratedRegex(@"[^\s<>,;""]+@[^\s<>,;""]+")]
    private static partial Regex LooseAddress();

    [GeneratedRegex(@"^\s*(out of (the )?office|automatic reply|auto(matic)?[- ]?response|autoreply|auto:|abwesenheitsnotiz|r[ée]ponse automatique)", RegexOptions.IgnoreCase)]
    private static partial Regex AutoReplySubject();
}

/// <summary>What a bounce says: which message failed, for whom, and why.</summary>
internal sealed record BounceReport(string? OriginalMessageId, IReadOnlyList<string> FailedRecipients, string Diagnostic, bool Permanent);

/// <summary>
/// Recognises delivery failure reports: RFC 3464 multipart/report, and the common non-standard ones (a mailer-daemon
/// or postmaster sender, or an empty envelope sender, with a failure subject), which quote the original message.
/// </summary>
internal static partial class BounceDetector
{
    public static BounceReport? Detect(MimeMessage message)
    {
        if (message.Body is MultipartReport report && report.ReportType?.Equals("delivery-status", StringComparison.OrdinalIgnoreCase) == true)
        {
            return FromDeliveryStatus(report);
        }
        var from = message.From.Mailboxes.FirstOrDefault()?.Address ?? "";
        var returnPath = message.Headers["Return-Path"]?.Trim() ?? "";
        var fromDaemon = DaemonSender().IsMatch(from) || returnPath == "<>";
        if (!fromDaemon || !FailureSubject().IsMatch(message.Subject ?? ""))
        {
            return null;
        }
        var text = message.TextBody ?? message.HtmlBody ?? "";
        var original = QuotedMessageId().Match(text) is { Success: true } m ? m.Groups[1].Value : null;
        var diagnostic = SmtpError().Match(text) is { Success: true } d ? d.Value.Trim() : FirstMeaningfulLine(text);
        var failed = LooseFailedRecipient().Matches(text).Select(r => r.Groups[1].Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var permanent = !TemporarySubject().IsMatch(message.Subject ?? "");
        return new BounceReport(original, failed, diagnostic, permanent);
    }

    private static BounceReport FromDeliveryStatus(MultipartReport report)
    {
        var status = report.OfType<MessageDeliveryStatus>().FirstOrDefault();
        var failed = new List<string>();
        var diagnostics = new List<string>();
        var permanent = false;
        foreach (var group in status?.StatusGroups.Skip(1) ?? [])
        {
            var action = group["Action"]?.Trim().ToLowerInvariant();
            if (action is "failed" or "delayed")
            {
                permanent |= action == "failed";
                var recipient = (group["Final-Recipient"] ?? group["Original-Recipient"] ?? "").Split(';').Last().Trim();
                if (recipient.Length > 0)
                {
                    failed.Add(recipient);
                }
                var code = group["Diagnostic-Code"] ?? group["Status"] ?? action;
                diagnostics.Add(System.Text.RegularExpressions.Regex.Replace(code.Replace("smtp;", "", StringComparison.OrdinalIgnoreCase), @"\s+", " ").Trim());
            }
        }
        string? original = null;
        foreach (var part in report.Skip(1))
        {
            var headers = part switch
            {
                MessagePart { Message: { } inner } => inner.Headers, // message/rfc822 and text/rfc822-headers alike
                _ => null,
            };
            if (headers?[HeaderId.MessageId] is { } id)
            {
                original = MimeKit.Utils.MimeUtils.EnumerateReferences(id).FirstOrDefault();
                break;
            }
        }
        return new BounceReport(original, failed, diagnostics.Count > 0 ? string.Join("; ", diagnostics) : "delivery failed", permanent);
    }

    private static string FirstMeaningfulLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 20) ?? "delivery failed";

    [GeneratedRegex(@"^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@", RegexOptions.IgnoreCase)]
    private static partial Regex DaemonSender();

    [GeneratedRegex(@"(undeliver|delivery (status notification|failure|has failed)|mail delivery failed|returned mail|failure notice|could not be delivered|delivery status notification|nondeliverable|unzustellbar)", RegexOptions.IgnoreCase)]
    private static partial Regex FailureSubject();

    [GeneratedRegex(@"(delay|will retry|warning)", RegexOptions.IgnoreCase)]
    private static partial Regex TemporarySubject();

    [GeneratedRegex(@"Message-ID:\s*<([^>\s]+)>", RegexOptions.IgnoreCase)]
    private static partial Regex QuotedMessageId();

    [GeneratedRegex(@"\b[45][0-9]{2}[ -][^\r\n]{3,200}")]
    private static partial Regex SmtpError();

    [GeneratedRegex(@"<?([^\s<>@]+@[^\s<>]+\.[a-z]{2,})>?\s*\r?\n?\s*(\(|:)?\s*(host|550|554|553|552|551|5\.\d\.\d|mailbox|user unknown|does not exist)", RegexOptions.IgnoreCase)]
    private static partial Regex LooseFailedRecipient();
}
