using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Foi.Common.Data;
using Foi.Tests.Mail;
using Foi.Tests.Support;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>The Prometheus scrape endpoint: the platform's own figures beside ASP.NET Core's, EF Core's and the runtime's, for allowed networks only.</summary>
internal sealed partial class MetricsTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    [Test]
    public async Task A_visitor_from_outside_the_allowed_networks_gets_no_metrics()
    {
        var (status, body, _) = await NewVisitor().From("203.0.113.9").GetAsync("/metrics");
        status.ShouldBe(HttpStatusCode.NotFound);
        body.ShouldNotContain("foi_");
    }

    [Test]
    public async Task The_scrape_counts_what_the_site_did_with_mail_and_what_waits_for_an_admin()
    {
        await RequestFixtures.FileAsync(Site);
        var stray = TestMessages.Reply("nobody-in-particular@foi.test", "Not for any request");
        stray.Body = new TextPart("plain") { Text = "Sent to an address no request has." };
        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(stray))).ExitCode.ShouldBe(0);

        var (status, metrics, _) = await NewVisitor().From("127.0.0.1").GetAsync("/metrics");

        status.ShouldBe(HttpStatusCode.OK);
        Value(metrics, "foi_mail_outgoing_messages", "state=\"sent\"").ShouldBeGreaterThanOrEqualTo(1);
        Value(metrics, "foi_mail_outgoing_messages", "state=\"queued\"").ShouldBe(0);
        Value(metrics, "foi_mail_outgoing_oldest_unsent_age_seconds").ShouldBe(0);
        Value(metrics, "foi_mail_incoming_messages", "state=\"held\"").ShouldBeGreaterThanOrEqualTo(1);
        Value(metrics, "foi_mail_holding_pen_messages").ShouldBe(Value(metrics, "foi_mail_incoming_messages", "state=\"held\""));
        Value(metrics, "foi_spam_queue_accounts").ShouldBeGreaterThanOrEqualTo(0);
        Value(metrics, "foi_search_index_lag").ShouldBeGreaterThanOrEqualTo(0);
        metrics.ShouldContain("http_server_request_duration_seconds_bucket");
        metrics.ShouldContain("microsoft_entityframeworkcore_queries_total");
        metrics.ShouldContain("dotnet_gc_collections_total");
    }

    /// <summary>The value of the first sample of <paramref name="name"/> whose labels contain <paramref name="label"/>.</summary>
    private static double Value(string metrics, string name, string label = "")
    {
        var sample = Sample().Matches(metrics).FirstOrDefault(m => m.Groups["name"].Value == name && m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no sample of {name} with {label} in:\n{metrics}");
        return double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>[-0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
