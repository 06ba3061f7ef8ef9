using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Foi.Common.Data;
using Foi.Tests.Support;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>
/// What an operator reads on the console of a running site, as JSON lines: one line per job run saying what it did
/// and how long it took, and one line per request with nothing in it that identifies a visitor.
/// </summary>
internal sealed class OperatorLogTests
{
    [Test]
    public async Task Jobs_and_requests_each_leave_one_json_line_and_requests_no_personal_data()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("foi-logs-").FullName;
        var lines = new ConcurrentQueue<string>();
        var settings = new Dictionary<string, string?>
        {
            ["Site:DataDirectory"] = dataDirectory,
            ["Database:Provider"] = nameof(DatabaseProvider.Sqlite),
            ["Jobs:Enabled"] = "true",
            ["Logging:Console:FormatterName"] = "json",
            ["Logging:LogLevel:Foi.Common.Jobs"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging"] = "Information",
        };
        var (site, address) = await FoiProcess.StartSiteAsync(settings, lines.Enqueue);
        try
        {
            using var http = new HttpClient { BaseAddress = address };
            (await http.GetAsync(new Uri("/search?q=Wendy+Whistleblower+07700900123", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await http.GetAsync(new Uri("/confirm-email?user=7&token=secret-token-value", UriKind.Relative))).StatusCode.ShouldNotBe(HttpStatusCode.InternalServerError);

            var deadline = DateTime.UtcNow.AddSeconds(30);
            JsonElement? jobLine = null;
            while (jobLine is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
                jobLine = Parsed(lines).FirstOrDefault(l => l.TryGetProperty("Category", out var c) && c.GetString() == "Foi.Common.Jobs.JobRuns"
                    && l.GetProperty("State").GetProperty("Job").GetString() == "send-queued-mail");
            }

            jobLine.ShouldNotBeNull("the send-queued-mail job starts at once and says what it did");
            jobLine.Value.GetProperty("Message").GetString()!.ShouldMatch(@"^Job send-queued-mail due \d{4}-\d\d-\d\dT[0-9:.]+\+00:00 finished in \d+ ms: 0 queued message\(s\) tried$");
            jobLine.Value.GetProperty("State").GetProperty("Summary").GetString().ShouldBe("0 queued message(s) tried");

            var requests = Parsed(lines).Where(l => l.GetProperty("Category").GetString()!.StartsWith("Microsoft.AspNetCore.HttpLogging", StringComparison.Ordinal)).ToList();
            requests.ShouldContain(l => l.GetProperty("State").GetProperty("Path").GetString() == "/search"
                && l.GetProperty("State").GetProperty("StatusCode").ToString() == "200");
            var everything = string.Join("\n", lines);
            everything.ShouldNotContain("Whistleblower");
            everything.ShouldNotContain("07700900123");
            everything.ShouldNotContain("secret-token-value");
            everything.ShouldNotContain("127.0.0.1:" + address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ");

            using var ready = JsonDocument.Parse(await http.GetStringAsync(new Uri("/health/ready", UriKind.Relative)));
            var jobs = ready.RootElement.GetProperty("entries").GetProperty("jobs");
            jobs.GetProperty("status").GetString().ShouldBe("Healthy");
            jobs.GetProperty("data").GetProperty("send-queued-mail").GetString()!.ShouldStartWith("ok at ");
        }
        finally
        {
            await FoiProcess.KillAsync(site);
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static List<JsonElement> Parsed(IEnumerable<string> lines) =>
        lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}
