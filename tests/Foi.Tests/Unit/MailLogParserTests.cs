using System.Text.Json;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.ReadMailLogs;
using Shouldly;

namespace Foi.Tests.Unit;

/// <summary>The parser as a pure function over the real logs in mail-logs-fixtures/ and the hand-made edge cases.</summary>
internal sealed class MailLogParserTests
{
    /// <summary>Lines read in UTC from a file last written at the end of 2026.</summary>
    private static readonly LogClock EndOf2026 = new(TimeZoneInfo.Utc, new DateTime(2026, 12, 31, 23, 59, 59));

    private static readonly TimeZoneInfo PlusOne = TimeZoneInfo.CreateCustomTimeZone("plus-one", TimeSpan.FromHours(1), "plus one", "plus one");

    public static string Fixtures => Path.Combine(Path.GetDirectoryName(Foi.Tests.Themes.ThemeCheckTests.RepositoryThemes)!, "mail-logs-fixtures");

    public static IEnumerable<string> Folders() => ["postfix", "exim", "edge-cases"];

    /// <summary>The files of a folder, oldest first, as logrotate leaves them.</summary>
    public static IReadOnlyList<string> LogFiles(string folder) =>
        Directory.GetFiles(Path.Combine(Fixtures, folder))
            .Where(f => !f.EndsWith(".jsonl", StringComparison.Ordinal) && !f.EndsWith(".md", StringComparison.Ordinal))
            .OrderByDescending(f => f.EndsWith(".gz", StringComparison.Ordinal))
            .ThenByDescending(f => f, StringComparer.Ordinal)
            .ToList();

    [TestCaseSource(nameof(Folders))]
    public void Every_fixture_gives_the_expected_statuses(string folder)
    {
        var messages = new LoggedMessages();
        var counts = new Dictionary<ParseResult, int>();
        foreach (var file in LogFiles(folder))
        {
            using var stream = LogFileReader.Open(file);
            foreach (var raw in LogFileReader.ReadLines(stream, 0, 0, includePartialLast: true))
            {
                var result = MailLogLine.TryParse(raw.Text, EndOf2026, out var line);
                counts[result] = counts.GetValueOrDefault(result) + 1;
                if (line is not null)
                {
                    messages.Add(line);
                }
            }
        }
        var actual = messages.Messages.Where(m => m.MessageId is not null)
            .SelectMany(m => m.Recipients.Select(r => $"{m.MessageId} {r.Key} {r.Value.Status.ToString().ToLowerInvariant()}"))
            .Order(StringComparer.Ordinal).ToList();
        var expected = File.ReadAllLines(Path.Combine(Fixtures, folder, "expected.jsonl"))
            .Select(l => JsonSerializer.Deserialize<Dictionary<string, string>>(l)!)
            .Select(e => $"{e["message_id"]} {e["recipient"]} {e["status"]}")
            .Order(StringComparer.Ordinal).ToList();
        actual.ShouldBe(expected);
        counts.GetValueOrDefault(ParseResult.Parsed).ShouldBeGreaterThan(5);
    }

    [Test]
    public void Every_real_fixture_line_is_understood_and_the_hand_made_broken_ones_are_counted()
    {
        foreach (var folder in new[] { "postfix", "exim" })
        {
            foreach (var file in LogFiles(folder))
            {
                using var stream = LogFileReader.Open(file);
                foreach (var raw in LogFileReader.ReadLines(stream, 0, 0, includePartialLast: true))
                {
                    MailLogLine.TryParse(raw.Text, EndOf2026, out _).ShouldNotBe(ParseResult.Unparseable, raw.Text);
                }
            }
        }
        var broken = LogFiles("edge-cases").SelectMany(file =>
        {
            using var stream = LogFileReader.Open(file);
            return LogFileReader.ReadLines(stream, 0, 0, includePartialLast: true).ToList();
        }).ToList();
        broken.Count(l => MailLogLine.TryParse(l.Text, EndOf2026, out _) == ParseResult.Unparseable).ShouldBe(2); // garbage, truncated postfix
        broken.Count(l => l.InvalidUtf8).ShouldBe(1);
    }

    [Test]
    public void A_later_delivery_beats_an_earlier_failure_and_reasons_and_hosts_are_kept()
    {
        var messages = new LoggedMessages();
        foreach (var text in File.ReadAllLines(Path.Combine(Fixtures, "edge-cases", "HAND-MADE-exim-mainlog")))
        {
            if (MailLogLine.TryParse(text, EndOf2026, out var line) == ParseResult.Parsed)
            {
                messages.Add(line!);
            }
        }
        var resent = messages.Messages.Single(m => m.MessageId == "foi-edge-resent@foi.test").Recipients["foi@flaky.example"];
        resent.Status.ShouldBe(RecipientStatus.Delivered);
        resent.RemoteHost.ShouldBe("mx2.flaky.example");
        var refused = messages.Messages.Single(m => m.MessageId == "foi-edge-syslog@foi.test").Recipients["foi@gone.example"];
        refused.Reason!.ShouldContain("550 5.1.1");
        refused.Time.ShouldBe(new DateTimeOffset(2026, 11, 24, 10, 8, 2, TimeSpan.Zero));
        messages.Messages.Single(m => m.MessageId == "foi-edge-newid@foi.test").QueueId.ShouldBe("1rC9tE-000000002Ti-3GKe");
    }

    [Test]
    public void Postfix_classic_timestamps_take_the_clock_s_year_and_zone_and_rfc3339_ones_their_own()
    {
        MailLogLine.TryParse("Nov 25 01:38:50 mx postfix/smtp[1]: ABC123: to=<a@b.example>, relay=x[1.2.3.4]:25, delay=1, dsn=2.0.0, status=sent (250 ok)", new LogClock(PlusOne, new DateTime(2031, 12, 1)), out var classic);
        classic!.Time.ShouldBe(new DateTimeOffset(2031, 11, 25, 1, 38, 50, TimeSpan.FromHours(1)));
        MailLogLine.TryParse("2026-11-24T10:00:01.5+02:00 mx postfix/smtp[1]: ABC123: to=<a@b.example>, relay=x[1.2.3.4]:25, delay=1, dsn=5.0.0, status=bounced (550 no)", new LogClock(TimeZoneInfo.Utc, new DateTime(2031, 12, 1)), out var iso);
        iso!.Time.ShouldBe(new DateTimeOffset(2026, 11, 24, 10, 0, 1, 500, TimeSpan.FromHours(2)));
        iso.Status.ShouldBe(RecipientStatus.Failed);
    }
}
