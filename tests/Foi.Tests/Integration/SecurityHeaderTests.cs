using Foi.Common.Data;
using Foi.Tests.Support;
using Foi.Common.Site;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>
/// Every kind of response carries the headers that make a slip in escaping harmless: pages, static files, error
/// pages, redirects, JSON. Scripts only from the site's own files (no inline script), never framed, no referrer
/// beyond the site's origin to other sites, no type sniffing.
/// </summary>
internal sealed class SecurityHeaderTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    [TestCase("/")]
    [TestCase("/sign-in")]
    [TestCase("/theme/css/site.css")]
    [TestCase("/no-such-page")]
    [TestCase("/account/profile")]
    [TestCase("/health/ready")]
    public async Task Every_kind_of_response_carries_the_security_headers(string path)
    {
        using var http = Site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        var scripts = policy.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        scripts.ShouldBe("script-src 'self'");
        policy.ShouldContain("frame-ancestors 'none'");
        policy.ShouldContain("object-src 'none'");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("strict-origin-when-cross-origin");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
    }

    [Test]
    public async Task Every_cookie_the_site_sets_carries_the_site_s_own_name()
    {
        var visitor = NewVisitor();
        await visitor.SignUpAsync("Cookie Counter", UniqueEmail());
        var (status, _, _) = await visitor.PostFormAsync("/account/password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = "correct horse battery", ["NewPassword"] = "a longer horse battery", ["ConfirmPassword"] = "a longer horse battery",
        });
        status.ShouldBe(System.Net.HttpStatusCode.Redirect);
        var prefix = Site.Services.GetRequiredService<IOptions<SiteOptions>>().Value.CookieName("");

        visitor.CookieNames.Count.ShouldBeGreaterThanOrEqualTo(3, "sign-in, form token and the notice after a change");
        visitor.CookieNames.ShouldAllBe(name => name.StartsWith(prefix, StringComparison.Ordinal));
    }

    [TestCase("/", System.Net.HttpStatusCode.OK)]
    [TestCase("/authorities", System.Net.HttpStatusCode.OK)]
    [TestCase("/health/live", System.Net.HttpStatusCode.OK)]
    [TestCase("/request/no-such-request", System.Net.HttpStatusCode.NotFound)]
    public async Task A_head_request_gets_the_status_and_headers_of_the_page_without_its_body(string path, System.Net.HttpStatusCode expected)
    {
        using var http = Site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(path, UriKind.Relative)));

        head.StatusCode.ShouldBe(expected);
        (await head.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        head.Headers.Contains("Content-Security-Policy").ShouldBeTrue();
    }
}
