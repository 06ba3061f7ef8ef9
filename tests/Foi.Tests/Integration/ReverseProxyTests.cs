using System.Net;
using Foi.Common.Data;
using Foi.Tests.Support;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>
/// The site behind Debian's nginx, as the deployment guide sets it up, with visitors at addresses of their own: limits
/// count each visitor, not the proxy, sign-ups record the visitor's address, and a visitor who writes
/// X-Forwarded-For themselves (through nginx, or straight to the site) changes nothing.
/// </summary>
internal sealed class ReverseProxyTests
{
    private const string Refused = "Too many accounts have been created from your network";
    private static readonly IPAddress Alice = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Bob = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress Mallory = IPAddress.Parse("127.0.0.4");

    private string dataDirectory = "";
    private Dictionary<string, string?> settings = [];

    [SetUp]
    public void NewSite()
    {
        Nginx.RequireInstalled();
        dataDirectory = Directory.CreateTempSubdirectory("foi-proxy-").FullName;
        settings = new Dictionary<string, string?>
        {
            ["Site:DataDirectory"] = dataDirectory,
            ["Database:Provider"] = nameof(DatabaseProvider.Sqlite),
            ["Mail:AddressSecret"] = "proxy-test-secret",
            ["Mail:IncomingDomain"] = "foi.test",
            ["Jobs:Enabled"] = "false",
            ["Proxy:TrustedProxies"] = Nginx.ProxyAddress.ToString(),
            ["Spam:Limits:SignUpsPerIpPerHour"] = "2",
            ["Themes:ContactMessagesPerHour"] = "1",
        };
    }

    [TearDown]
    public void RemoveSite() => Directory.Delete(dataDirectory, recursive: true);

    private SiteClient Visitor(Uri address, IPAddress from) => new(address, Path.Combine(dataDirectory, "mail-outbox"), from);

    private static string NewEmail() => $"proxy-{Guid.NewGuid():N}@example.org";

    private static async Task<string> SignUpPageAsync(SiteClient visitor) =>
        (await visitor.PostFormAsync("/sign-up", new Dictionary<string, string>
        {
            ["Name"] = "Proxy Visitor", ["Email"] = NewEmail(), ["Password"] = "correct horse battery", ["ConfirmPassword"] = "correct horse battery",
        })).Html;

    private Task<int> SignUpsFromAsync(string address) =>
        FoiProcess.ScalarAsync(DatabaseProvider.Sqlite, settings, $"SELECT COUNT(*) FROM AspNetUsers WHERE SignupIp = '{address}'");

    [Test]
    public async Task Behind_nginx_each_visitor_has_limits_of_their_own_and_a_forged_forwarded_for_changes_nothing()
    {
        var (site, address) = await FoiProcess.StartSiteAsync(settings);
        try
        {
            await using var nginx = await Nginx.StartAsync(address);

            for (var i = 0; i < 2; i++)
            {
                using var alice = Visitor(nginx.Address, Alice);
                await alice.SignUpAsync("Alice", NewEmail());
            }
            using (var alice = Visitor(nginx.Address, Alice).WithHeader("X-Forwarded-For", "198.51.100.7"))
            {
                (await SignUpPageAsync(alice)).ShouldContain(Refused, customMessage: "a header the visitor wrote is not their address");
            }
            using (var bob = Visitor(nginx.Address, Bob))
            {
                await bob.SignUpAsync("Bob", NewEmail());
            }

            // Straight to the site, around the proxy: the site believes no one but the proxy.
            for (var i = 0; i < 2; i++)
            {
                using var mallory = Visitor(address, Mallory).WithHeader("X-Forwarded-For", $"203.0.113.{i + 1}");
                await mallory.SignUpAsync("Mallory", NewEmail());
            }
            using (var mallory = Visitor(address, Mallory).WithHeader("X-Forwarded-For", "203.0.113.3"))
            {
                (await SignUpPageAsync(mallory)).ShouldContain(Refused);
            }

            (await SignUpsFromAsync(Alice.ToString())).ShouldBe(2);
            (await SignUpsFromAsync(Bob.ToString())).ShouldBe(1);
            (await SignUpsFromAsync(Mallory.ToString())).ShouldBe(2);
            (await SignUpsFromAsync(Nginx.ProxyAddress.ToString())).ShouldBe(0);
            (await FoiProcess.ScalarAsync(DatabaseProvider.Sqlite, settings, "SELECT COUNT(*) FROM AspNetUsers WHERE SignupIp LIKE '198.51.100.%' OR SignupIp LIKE '203.0.113.%'")).ShouldBe(0);

            // The contact form's limit (one an hour here) is per visitor too.
            var message = new Dictionary<string, string> { ["Name"] = "Alice", ["Email"] = "alice@example.org", ["Subject"] = "Hello", ["Message"] = "A question about the site." };
            using var contactingAlice = Visitor(nginx.Address, Alice);
            using var contactingBob = Visitor(nginx.Address, Bob);
            (await contactingAlice.PostFormAsync("/help/contact", message)).Status.ShouldNotBe(HttpStatusCode.TooManyRequests);
            (await contactingAlice.PostFormAsync("/help/contact", message)).Status.ShouldBe(HttpStatusCode.TooManyRequests);
            (await contactingBob.PostFormAsync("/help/contact", message)).Status.ShouldNotBe(HttpStatusCode.TooManyRequests);
        }
        finally
        {
            await FoiProcess.KillAsync(site);
        }
    }

    [Test]
    public async Task Over_https_at_the_proxy_the_site_sends_hsts_and_secure_cookies_and_over_http_neither()
    {
        var (site, address) = await FoiProcess.StartSiteAsync(settings);
        try
        {
            await using var nginx = await Nginx.StartAsync(address);
            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator, UseCookies = false };
            using var http = new HttpClient(handler);

            // HSTS is never sent to localhost, so the visitor asks for the site by a name.
            using var secure = new HttpRequestMessage(HttpMethod.Get, new Uri(nginx.TlsAddress, "/sign-in")) { Headers = { Host = "foi.test" } };
            using var overTls = await http.SendAsync(secure);
            overTls.StatusCode.ShouldBe(HttpStatusCode.OK);
            overTls.Headers.GetValues("Strict-Transport-Security").Single().ShouldStartWith("max-age=");
            overTls.Headers.GetValues("Set-Cookie").ShouldAllBe(cookie => cookie.Contains("; secure", StringComparison.OrdinalIgnoreCase));

            using var plain = new HttpRequestMessage(HttpMethod.Get, new Uri(nginx.Address, "/sign-in")) { Headers = { Host = "foi.test" } };
            using var overHttp = await http.SendAsync(plain);
            overHttp.StatusCode.ShouldBe(HttpStatusCode.OK);
            overHttp.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();

            // Sent straight to the site with a forged X-Forwarded-Proto, a plain request is still plain.
            using var forged = new HttpRequestMessage(HttpMethod.Get, new Uri(address, "/sign-in")) { Headers = { Host = "foi.test" } };
            forged.Headers.Add("X-Forwarded-Proto", "https");
            using var around = await http.SendAsync(forged);
            around.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
            around.Headers.Contains("Server").ShouldBeFalse("the site does not name its server");
        }
        finally
        {
            await FoiProcess.KillAsync(site);
        }
    }
}
