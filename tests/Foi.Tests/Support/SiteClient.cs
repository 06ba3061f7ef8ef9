using System.Net;
using System.Text.RegularExpressions;
using MimeKit;

namespace Foi.Tests.Support;

/// <summary>A browser-like HTTP client for one visitor: keeps cookies, does not follow redirects, fills in CSRF tokens.</summary>
internal sealed partial class SiteClient(FoiFactory factory) : IDisposable
{
    private readonly HttpClient http = CreateHttp(factory);

    private static HttpClient CreateHttp(FoiFactory factory)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0");
        return client;
    }

    /// <summary>Replaces the browser's User-Agent, e.g. with a script's.</summary>
    public void UseAgent(string agent)
    {
        http.DefaultRequestHeaders.UserAgent.Clear();
        if (agent.Length > 0)
        {
            http.DefaultRequestHeaders.UserAgent.ParseAdd(agent);
        }
    }

    public async Task<(HttpStatusCode Status, string Html, string? Location)> GetAsync(string url)
    {
        using var response = await http.GetAsync(new Uri(url, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
    }

    /// <summary>Loads <paramref name="formUrl"/>, takes its CSRF token, and posts the fields to <paramref name="postUrl"/>.</summary>
    public async Task<(HttpStatusCode Status, string Html, string? Location)> PostFormAsync(string formUrl, IDictionary<string, string> fields, string? postUrl = null)
    {
        var (_, page, _) = await GetAsync(formUrl);
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = TokenIn(page) };
        using var content = new FormUrlEncodedContent(all);
        using var response = await http.PostAsync(new Uri(postUrl ?? formUrl, UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
    }

    public async Task<(byte[] Content, string? ContentType, string Disposition)> GetBytesAsync(string url)
    {
        using var response = await http.GetAsync(new Uri(url, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentDisposition?.ToString() ?? "");
    }

    public async Task<HttpResponseMessage> PostAsync(string url, HttpContent content) =>
        await http.PostAsync(new Uri(url, UriKind.Relative), content);

    public static string TokenIn(string html)
    {
        var match = TokenPattern().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("No CSRF token on the page.");
    }

    /// <summary>Creates an account, follows the confirmation link from the mailed message, and ends signed in.</summary>
    public async Task SignUpAsync(string name, string email, string password = "correct horse battery")
    {
        var (status, html, _) = await PostFormAsync("/sign-up", new Dictionary<string, string>
        {
            ["Name"] = name, ["Email"] = email, ["Password"] = password, ["ConfirmPassword"] = password,
        });
        if (status != HttpStatusCode.OK || !html.Contains("check your email", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Sign-up failed ({status}).");
        }
        var link = Mailbox.LinkIn(Mailbox.LatestTo(factory.PickupDirectory, email), "/confirm-email");
        var (confirmStatus, _, _) = await GetAsync(link);
        if (confirmStatus != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Confirmation failed ({confirmStatus}).");
        }
    }

    public async Task<(HttpStatusCode Status, string Html, string? Location)> SignInAsync(string email, string password = "correct horse battery") =>
        await PostFormAsync("/sign-in", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>Reads what the site "sent": the .eml files of the pickup transport.</summary>
internal static partial class Mailbox
{
    public static IReadOnlyList<(string Path, MimeMessage Message)> All(string pickupDirectory) =>
        !Directory.Exists(pickupDirectory)
            ? []
            : Directory.GetFiles(pickupDirectory, "*.eml").Order(StringComparer.Ordinal)
                .Select(path => (path, MimeMessage.Load(path))).ToList();

    public static MimeMessage LatestTo(string pickupDirectory, string address) =>
        All(pickupDirectory).LastOrDefault(m => m.Message.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).Message
        ?? throw new InvalidOperationException($"No mail to {address} in {pickupDirectory}.");

    /// <summary>The path and query of the first link in the message that starts with the given path.</summary>
    public static string LinkIn(MimeMessage message, string path)
    {
        var match = LinkPattern().Matches(message.TextBody ?? "").FirstOrDefault(m => new Uri(m.Value).AbsolutePath == path)
            ?? throw new InvalidOperationException($"No {path} link in the message.");
        return new Uri(match.Value).PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
