using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Foi.Benchmarks;

/// <summary>
/// Whether the time of an answer tells who has an account: sign-in, sign-up and forgotten password, each timed for an
/// address with an account and one without, alternately, on the whole site (in-memory server, SQLite).
/// </summary>
internal static partial class AccountTimingBenchmark
{
    public static async Task<int> RunAsync(int rounds)
    {
        var site = Directory.CreateTempSubdirectory("foi-bench-").FullName;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FOI", IngestBenchmark.RepositoryPath("src", "Foi"));
        await using var factory = new IngestBenchmark.BenchSite(new Dictionary<string, string?>
        {
            ["Site:DataDirectory"] = site,
            ["Database:Provider"] = "Sqlite",
            ["Jobs:Enabled"] = "false",
            ["Mail:AddressSecret"] = "bench",
            ["Mail:IncomingDomain"] = "foi.test",
            ["Logging:LogLevel:Default"] = "Warning",
            // One client makes every attempt here; the limits would stop the run, not the timing.
            ["Accounts:SignInAttemptsPerClient"] = "1000000",
            ["Accounts:WrongPasswordsPerAccountAndClient"] = "1000000",
            ["Accounts:WrongPasswordsPerAccount"] = "1000000",
            ["Accounts:ResetRequestsPerClientPerHour"] = "1000000",
            ["Accounts:MailsPerAddressPerHour"] = "1000000",
            ["Spam:Limits:SignUpsPerIpPerHour"] = "1000000",
        });
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        const string known = "known@people.test";
        await PostAsync(client, "/sign-up", new() { ["Name"] = "Known Person", ["Email"] = known, ["Password"] = "a long passphrase", ["ConfirmPassword"] = "a long passphrase" });

        Console.WriteLine($"{rounds} rounds, each form posted once with an address that has an account and once with one that has not");
        Console.WriteLine("form              with account  without   (median ms)");
        var forms = new (string Name, Func<string, Dictionary<string, string>> Fields, string Path, Func<int, string> Unknown)[]
        {
            ("sign-in", email => new() { ["Email"] = email, ["Password"] = "a wrong passphrase" }, "/sign-in", i => $"nobody{i}@people.test"),
            ("forgot-password", email => new() { ["Email"] = email }, "/forgot-password", i => $"nobody{i}@people.test"),
            ("sign-up", email => new() { ["Name"] = "Someone", ["Email"] = email, ["Password"] = "another passphrase", ["ConfirmPassword"] = "another passphrase" }, "/sign-up", i => $"fresh{i}@people.test"),
        };
        foreach (var (name, fields, path, unknown) in forms)
        {
            var withAccount = new List<double>();
            var without = new List<double>();
            for (var i = 0; i < rounds; i++)
            {
                withAccount.Add(await PostAsync(client, path, fields(known)));
                without.Add(await PostAsync(client, path, fields(unknown(i))));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-17} {Median(withAccount),12:0.0}  {Median(without),8:0.0}"));
        }
        return 0;
    }

    /// <summary>Loads the form for its CSRF token, then times the POST alone.</summary>
    private static async Task<double> PostAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
        using var content = new FormUrlEncodedContent(fields);
        var watch = Stopwatch.StartNew();
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        await response.Content.ReadAsByteArrayAsync();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
