using System.Globalization;
using System.Text.RegularExpressions;
using Foi.Modules.Mail.Contracts;

namespace Foi.Modules.Mail.ReadMailLogs;

internal enum LogLineKind
{
    /// <summary>The message entered the queue: sender and/or Message-ID.</summary>
    Arrival,

    /// <summary>An attempt for one recipient, with its outcome.</summary>
    Attempt,
}

/// <summary>One parsed line of an Exim mainlog or a Postfix maillog.</summary>
internal sealed record LogLine(
    DateTimeOffset Time,
    string Mta,
    string QueueId,
    LogLineKind Kind,
    string? MessageId,
    string? Sender,
    string? Recipient,
    RecipientStatus? Status,
    string? Reason,
    string? RemoteHost);

internal enum ParseResult
{
    Parsed,

    /// <summary>A line of another program, or of a kind that says nothing about delivery.</summary>
    Ignored,

    /// <summary>Looks like a mail-server line but does not have the expected shape.</summary>
    Unparseable,
}

/// <summary>
/// Parses single lines of Exim 4 mainlogs (with or without a syslog prefix; old 16- and new 23-character message ids;
/// the &lt;= =&gt; -&gt; &gt;&gt; *&gt; ** == flags) and Postfix maillogs (classic and RFC 3339 syslog timestamps; cleanup,
/// qmgr and smtp/lmtp/local/virtual lines). Pure functions: no state, no I/O.
/// </summary>
internal static partial class MailLogLine
{
    public static ParseResult TryParse(string line, LogClock clock, out LogLine? parsed)
    {
        parsed = null;
        if (line.Contains(" postfix", StringComparison.Ordinal))
        {
            return ParsePostfix(line, clock, out parsed);
        }
        var exim = EximLine().Match(line);
        if (!exim.Success)
        {
            // Exim's lines about no message (queue runs, warnings, their indented continuations) and other programs'
            // syslog lines say nothing about delivery; a line with no recognisable start at all is broken.
            return line.Length == 0 || char.IsWhiteSpace(line[0]) || LooksLikeEximStart().IsMatch(line) || SyslogStart().IsMatch(line)
                ? ParseResult.Ignored
                : ParseResult.Unparseable;
        }
        return ParseExim(exim, clock, out parsed);
    }

    private static ParseResult ParseExim(Match m, LogClock clock, out LogLine? parsed)
    {
        parsed = null;
        var time = m.Groups["date"].Success
            ? ParseIso(m.Groups["date"].Value, m.Groups["tz"].Value, clock)
            : SyslogTime(m.Groups["mon"].Value, m.Groups["day"].Value, m.Groups["time"].Value, clock);
        if (time is null)
        {
            return ParseResult.Unparseable;
        }
        var id = m.Groups["id"].Value;
        var flag = m.Groups["flag"].Value;
        var rest = m.Groups["rest"].Value;
        switch (flag)
        {
            case "<=":
                var sender = rest.Split(' ', 2)[0];
                var messageId = EximField().Match(rest) is { Success: true } f ? f.Groups[1].Value.Trim('<', '>') : null;
                parsed = new LogLine(time.Value, "exim", id, LogLineKind.Arrival, messageId, sender == "<>" ? "" : sender, null, RecipientStatus.Sent, null, null);
                return ParseResult.Parsed;
            case "=>" or "->" or ">>" or "*>":
                var recipient = Recipient(rest);
                var host = EximHost().Match(rest) is { Success: true } h ? h.Groups[1].Value : null;
                var confirmation = EximConfirmation().Match(rest) is { Success: true } c ? c.Groups[1].Value : null;
                var status = flag == "*>" ? RecipientStatus.Sent : RecipientStatus.Delivered;
                parsed = new LogLine(time.Value, "exim", id, LogLineKind.Attempt, null, null, recipient, status,
                    flag == "*>" ? "delivery suppressed" : confirmation, host);
                return ParseResult.Parsed;
            case "**" or "==":
                var failed = Recipient(rest);
                var reason = EximReason(rest);
                var remote = EximHost().Match(rest) is { Success: true } rh ? rh.Groups[1].Value : null;
                parsed = new LogLine(time.Value, "exim", id, LogLineKind.Attempt, null, null, failed,
                    flag == "**" ? RecipientStatus.Failed : RecipientStatus.Deferred, reason, remote);
                return ParseResult.Parsed;
            default:
                return ParseResult.Ignored; // Completed, SMTP connection lines, retry notes
        }
    }

    private static ParseResult ParsePostfix(string line, LogClock clock, out LogLine? parsed)
    {
        parsed = null;
        var m = PostfixLine().Match(line);
        if (!m.Success)
        {
            return PostfixProgram().IsMatch(line) ? ParseResult.Ignored : ParseResult.Ignored;
        }
        var time = m.Groups["iso"].Success
            ? ParseIso(m.Groups["iso"].Value, "", clock)
            : SyslogTime(m.Groups["mon"].Value, m.Groups["day"].Value, m.Groups["time"].Value, clock);
        if (time is null)
        {
            return ParseResult.Unparseable;
        }
        var id = m.Groups["qid"].Value;
        var rest = m.Groups["rest"].Value;
        if (rest.StartsWith("message-id=", StringComparison.Ordinal))
        {
            parsed = new LogLine(time.Value, "postfix", id, LogLineKind.Arrival, rest["message-id=".Length..].Trim().Trim('<', '>'), null, null, RecipientStatus.Sent, null, null);
            return ParseResult.Parsed;
        }
        if (rest.StartsWith("uid=", StringComparison.Ordinal) && rest.IndexOf(" from=<", StringComparison.Ordinal) is var pickup and > 0)
        {
            // pickup: a message submitted on this machine (as the site's sendmail would) entered the queue.
            rest = rest[(pickup + 1)..];
        }
        if (rest.StartsWith("from=<", StringComparison.Ordinal))
        {
            var end = rest.IndexOf('>', StringComparison.Ordinal);
            if (end < 0)
            {
                return ParseResult.Unparseable;
            }
            var sender = rest[6..end];
            if (rest.Contains("status=expired", StringComparison.Ordinal))
            {
                // qmgr gives up on the whole message: every recipient still waiting has failed.
                parsed = new LogLine(time.Value, "postfix", id, LogLineKind.Attempt, null, sender, null, RecipientStatus.Failed, "gave up after retrying: returned to sender", null);
                return ParseResult.Parsed;
            }
            parsed = new LogLine(time.Value, "postfix", id, LogLineKind.Arrival, null, sender, null, RecipientStatus.Sent, null, null);
            return ParseResult.Parsed;
        }
        if (rest.StartsWith("to=<", StringComparison.Ordinal))
        {
            var attempt = PostfixAttempt().Match(rest);
            if (!attempt.Success)
            {
                return ParseResult.Unparseable;
            }
            var status = attempt.Groups["status"].Value switch
            {
                "sent" => RecipientStatus.Delivered,
                "deferred" => RecipientStatus.Deferred,
                _ => RecipientStatus.Failed, // bounced, expired
            };
            var relay = attempt.Groups["relay"].Value;
            var reason = attempt.Groups["reason"].Success ? attempt.Groups["reason"].Value : attempt.Groups["status"].Value;
            if (attempt.Groups["status"].Value == "expired")
            {
                reason = "gave up: " + reason;
            }
            parsed = new LogLine(time.Value, "postfix", id, LogLineKind.Attempt, null, null, attempt.Groups["to"].Value, status, reason, relay == "none" ? null : relay);
            return ParseResult.Parsed;
        }
        return ParseResult.Ignored; // removed, client=, uid=, sender non-delivery notification...
    }

    private static string Recipient(string rest)
    {
        var token = rest.Split(' ', 2)[0];
        return token.TrimEnd(':').Trim('<', '>');
    }

    private static string? EximReason(string rest)
    {
        // "== rcpt R=.. T=.. defer (-44) H=host [ip]:port DT=0s: reason" or "** rcpt ...: reason": the reason follows
        // the first ": " after the defer code (or after the recipient); a bare "defer (111): reason" also fits.
        var defer = EximDefer().Match(rest);
        var searchFrom = defer.Success ? defer.Index + "defer (".Length : 0;
        var colon = rest.IndexOf(": ", searchFrom, StringComparison.Ordinal);
        if (colon < 0)
        {
            return defer.Success ? rest[(defer.Index + defer.Length)..].Trim() is { Length: > 0 } tail ? tail : null : null;
        }
        var reason = rest[(colon + 2)..].Trim();
        return reason.Length == 0 ? null : reason;
    }

    private static DateTimeOffset? ParseIso(string text, string zone, LogClock clock)
    {
        if (text.Contains('T', StringComparison.Ordinal))
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso) ? iso : null;
        }
        if (!DateTime.TryParseExact(text, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.fff", "yyyy-MM-dd HH:mm:ss.ffffff"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }
        return zone.Length == 5 && int.TryParse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture, out var hh) && int.TryParse(zone.AsSpan(3, 2), CultureInfo.InvariantCulture, out var mm)
            ? new DateTimeOffset(local, new TimeSpan(hh, mm, 0) * (zone[0] == '-' ? -1 : 1))
            : clock.FromLocal(local);
    }

    private static DateTimeOffset? SyslogTime(string month, string day, string time, LogClock clock) =>
        DateTime.TryParseExact($"{month} {time}", "MMM HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
        && int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var dayOfMonth) && dayOfMonth is >= 1 and <= 31
            ? clock.FromSyslog(parsed.Month, dayOfMonth, parsed.TimeOfDay)
            : null;

    private const string EximIdPattern = "[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}";

    [GeneratedRegex(@"^(?:(?:(?<mon>[A-Z][a-z]{2}) +(?<day>\d{1,2}) (?<time>\d\d:\d\d:\d\d)|\d{4}-\d\d-\d\dT\S+) \S+ exim\S*?(?:\[\d+\])?: )?(?:(?<date>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?)(?: (?<tz>[+-]\d{4}))? )?(?:\[\d+(?:/\d+)?\] )?(?<id>" + EximIdPattern + @") (?<flag><=|=>|->|>>|\*>|\*\*|==|Completed|\S+)(?: (?<rest>.*))?$")]
    private static partial Regex EximLine();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")]
    private static partial Regex LooksLikeEximStart();

    [GeneratedRegex(@"^(?:[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S*) \S+ [^\s:]+:")]
    private static partial Regex SyslogStart();

    [GeneratedRegex(@"(?:^| )id=(\S+)")]
    private static partial Regex EximField();

    [GeneratedRegex(@" H=(\S+)")]
    private static partial Regex EximHost();

    [GeneratedRegex(@" C=""([^""]*)""")]
    private static partial Regex EximConfirmation();

    [GeneratedRegex(@"defer \(-?\d+\)(?::)?")]
    private static partial Regex EximDefer();

    [GeneratedRegex(@"^(?:(?<mon>[A-Z][a-z]{2}) +(?<day>\d{1,2}) (?<time>\d\d:\d\d:\d\d)|(?<iso>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)) \S+ postfix(?:-[^/\s]+)?/[\w/-]+\[\d+\]: (?<qid>[0-9A-Za-z]{5,20}): (?<rest>.*)$")]
    private static partial Regex PostfixLine();

    [GeneratedRegex(@" postfix(?:-[^/\s]+)?/")]
    private static partial Regex PostfixProgram();

    [GeneratedRegex(@"^to=<(?<to>[^>]*)>,(?: orig_to=<[^>]*>,)? relay=(?<relay>[^,]+),.*? status=(?<status>sent|deferred|bounced|expired)(?:,[^(]*)?(?: \((?<reason>.*)\))?$")]
    private static partial Regex PostfixAttempt();
}
