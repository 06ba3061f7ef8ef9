using System.Net;
using System.Text.RegularExpressions;
using MimeKit;

namespace Foi.Tests.Support;

/// <summary>A browser-like HTTP client for one visitor: keeps cookies, does not follow redirects, fills in CSRF tokens.</summary>
internal sealed partial class SiteClient : IDisposable
{
    private const string BrowserAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0";
    private readonly string pickupDirectory;
    private readonly Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler cookies = new();
    private readonly HttpClient http;

    public SiteClient(FoiFactory factory)
    {
        pickupDirectory = factory.PickupDirectory;
        http = factory.CreateDefaultClient(new Uri("http://localhost"), cookies);
        http.DefaultRequestHeaders.UserAgent.ParseAdd(BrowserAgent);
    }

    /// <summary>
    /// A visitor of a site running as its own process, over the loopback network; from <paramref name="from"/> (such
    /// as 127.0.0.2: all of 127.0.0.0/8 is this machine) to play a client at an address of its own.
    /// </summary>
    public SiteClient(Uri address, string pickupDirectory, IPAddress? from = null)
    {
        this.pickupDirectory = pickupDirectory;
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };
        if (from is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(from.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        cookies.InnerHandler = handler;
        http = new HttpClient(cookies) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.UserAgent.ParseAdd(BrowserAgent);
    }

    /// <summary>The names of the cookies this visitor holds.</summary>
    public IReadOnlyList<string> CookieNames => [.. cookies.Container.GetAllCookies().Select(c => c.Name)];

    /// <summary>Takes a copy of another visitor's cookies, as someone who captured them would.</summary>
    public void UseCookiesOf(SiteClient other)
    {
        foreach (Cookie cookie in other.cookies.Container.GetAllCookies())
        {
            cookies.Container.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
        }
    }

    /// <summary>Plays a client at another network address (see <see cref="TestClientAddress"/>).</summary>
    public SiteClient From(string address)
    {
        http.DefaultRequestHeaders.Remove(TestClientAddress.Header);
        http.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return this;
    }

    /// <summary>Posts a form as <see cref="PostFormAsync"/> does, and returns the whole response (headers, cookies).</summary>
    public async Task<HttpResponseMessage> PostFormResponseAsync(string formUrl, IDictionary<string, string> fields)
    {
        var (_, page, _) = await GetAsync(formUrl);
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = TokenOfFormPostingTo(page, formUrl, formUrl) };
        using var content = new FormUrlEncodedContent(all);
        return await http.PostAsync(new Uri(formUrl, UriKind.Relative), content);
    }

    /// <summary>Sends a header with every request from now on, as a client that writes its own would.</summary>
    public SiteClient WithHeader(string name, string value)
    {
        http.DefaultRequestHeaders.Remove(name);
        http.DefaultRequestHeaders.Add(name, value);
        return this;
    }

    /// <summary>Sends a hand-made request, for checking headers in and out.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => http.SendAsync(request);

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

    /// <summary>
    /// Loads <paramref name="formUrl"/>, finds the form on it that posts to <paramref name="postUrl"/> (the page itself
    /// when null), and posts the fields with that form's CSRF token, as a browser would: a form that lacks its own token
    /// fails here rather than borrowing another form's.
    /// </summary>
    public async Task<(HttpStatusCode Status, string Html, string? Location)> PostFormAsync(string formUrl, IDictionary<string, string> fields, string? postUrl = null)
    {
        var (_, page, _) = await GetAsync(formUrl);
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = TokenOfFormPostingTo(page, formUrl, postUrl ?? formUrl) };
        using var content = new FormUrlEncodedContent(all);
        using var response = await http.PostAsync(new Uri(postUrl ?? formUrl, UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
    }

    /// <summary>
    /// Posts the fields to <paramref name="postUrl"/> with a CSRF token valid for this visitor but taken from any form on
    /// <paramref name="pageUrl"/>: a hand-made request, for checking that the server refuses what the page does not offer.
    /// </summary>
    public async Task<(HttpStatusCode Status, string Html, string? Location)> PostForgedAsync(string pageUrl, IDictionary<string, string> fields, string postUrl)
    {
        var (_, page, _) = await GetAsync(pageUrl);
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = TokenIn(page) };
        using var content = new FormUrlEncodedContent(all);
        using var response = await http.PostAsync(new Uri(postUrl, UriKind.Relative), content);
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
        var link = Mailbox.LinkIn(Mailbox.LatestTo(pickupDirectory, email), "/confirm-email");
        var (confirmStatus, _, _) = await GetAsync(link);
        if (confirmStatus != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Confirmation failed ({confirmStatus}).");
        }
    }

    public async Task<(HttpStatusCode Status, string Html, string? Location)> SignInAsync(string email, string password = "correct horse battery") =>
        await PostFormAsync("/sign-in", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });

    public void Dispose() => http.Dispose();

    private static string TokenOfFormPostingTo(string html, string pageUrl, string target)
    {
        static string PathOf(string url) => WebUtility.HtmlDecode(url).Split('#')[0];
        // A form posts to its action (the page itself without one), or to a button's formaction.
        var forms = FormPattern().Matches(html).Select(form => (
            Actions: FormActionPattern().Matches(form.Value).Select(a => PathOf(a.Groups[1].Value))
                .Prepend(form.Groups["action"].Success ? PathOf(form.Groups["action"].Value) : PathOf(pageUrl)).ToList(),
            Token: TokenPattern().Match(form.Value))).ToList();
        var match = forms.FirstOrDefault(f => f.Actions.Contains(PathOf(target)) && f.Token.Success);
        return match.Token is { Success: true } token
            ? WebUtility.HtmlDecode(token.Groups[1].Value)
            : throw new InvalidOperationException($"No form with a CSRF token posts to {target} on {pageUrl} (forms found: {string.Join(", ", forms.Select(f => string.Join(" | ", f.Actions) + (f.Token.Success ? "" : " without a token")))}).");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<form\\b(?=[^>]*\\bmethod=\"post\")(?:[^>]*\\baction=\"(?<action>[^\"]*)\")?[^>]*>.*?</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex("\\bformaction=\"([^\"]*)\"")]
    private static partial Regex FormActionPattern();
}

/// <summary>Reads what the site "sent": the .eml files of the pickup transport.</summary>
internal static partial class Mailbox
{
    public static IReadOnlyList<(string Path, MimeMessage Message)> All(string pickupDirectory) =>
        !Directory.Exists(pickupDirectory)
            ? []
            : Directory.GetFiles(pickupDirectory, "*.eml").Order(StringComparer.Ordinal)
                .Select(path => (path, MimeMessage.Load(path))).ToList();

    /// <summary>The newest mail to the address, waiting up to ten seconds: account mails are sent in the background.</summary>
    public static MimeMessage LatestTo(string pickupDirectory, string address, int atLeast = 1)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var mails = To(pickupDirectory, address);
            if (mails.Count >= atLeast)
            {
                return mails[^1];
            }
            if (DateTime.UtcNow > until)
            {
                throw new InvalidOperationException($"No mail to {address} in {pickupDirectory} ({mails.Count} of {atLeast}).");
            }
            Thread.Sleep(50);
        }
    }

    public static IReadOnlyList<MimeMessage> To(string pickupDirectory, string address) =>
        All(pickupDirectory).Where(m => m.Message.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))
            .Select(m => m.Message).ToList();

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
