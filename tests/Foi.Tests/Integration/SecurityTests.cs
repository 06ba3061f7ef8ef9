using System.Net;
using Foi.Common.Data;
using Foi.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Integration;

internal sealed partial class SecurityTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private static readonly string[] AdminPages = ["/admin", "/admin/authorities", "/admin/authorities/new", "/admin/authorities/import"];

    [Test]
    public async Task A_signed_in_citizen_gets_403_on_every_admin_page()
    {
        var citizen = await SignedInCitizenAsync();
        foreach (var page in AdminPages)
        {
            var (status, html, _) = await citizen.GetAsync(page);
            status.ShouldBe(HttpStatusCode.Forbidden, page);
            html.ShouldContain("You do not have permission to see this page.");
        }
    }

    [Test]
    public async Task A_signed_out_visitor_is_sent_to_sign_in_from_every_admin_page()
    {
        var visitor = NewVisitor();
        foreach (var page in AdminPages)
        {
            var (status, _, location) = await visitor.GetAsync(page);
            status.ShouldBe(HttpStatusCode.Redirect, page);
            location!.ShouldContain("/sign-in?ReturnUrl=");
        }
    }

    [Test]
    public async Task An_admin_sees_the_admin_pages()
    {
        var admin = await SignedInAdminAsync();
        foreach (var page in AdminPages)
        {
            (await admin.GetAsync(page)).Status.ShouldBe(HttpStatusCode.OK, page);
        }
    }

    [Test]
    public async Task Every_post_endpoint_refuses_a_form_without_its_csrf_token()
    {
        var admin = await SignedInAdminAsync();
        var posts = Site.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            // RFC 8058 one-click unsubscribe: mail clients POST without cookies or a form token; the link's own
            // protected token is what proves it comes from the alert.
            .Where(e => e.RoutePattern.RawText != "unsubscribe/{token}")
            // The authority API reads no cookie, only a key in the Authorization header, so there is no session to forge.
            .Where(e => e.RoutePattern.RawText?.StartsWith("api/v1/authority/", StringComparison.Ordinal) != true)
            // Every parameter filled, so the POST reaches its endpoint: a path that matched no route used to be refused
            // by the error page's own token check, which proved nothing about the endpoint.
            .Select(e => "/" + RouteParameter().Replace(e.RoutePattern.RawText!.TrimStart('/'), m => m.Groups[2].Value switch
            {
                "int" => "1",
                "guid" => Guid.NewGuid().ToString(),
                _ => "any",
            }))
            .Distinct()
            .ToList();
        posts.Count.ShouldBeGreaterThanOrEqualTo(10);

        foreach (var path in posts)
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "x" });
            using var response = await admin.PostAsync(path, content);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, path);
        }
    }

    [Test]
    public async Task No_post_endpoint_answers_an_empty_or_odd_form_with_a_server_error()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var admin = await SignedInAdminAsync();
        var (_, tokenPage, _) = await admin.GetAsync("/sign-in");
        var token = SiteClient.TokenIn(tokenPage);
        var posts = Site.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            // RFC 8058 one-click unsubscribe: mail clients POST without cookies or a form token; the link's own
            // protected token is what proves it comes from the alert.
            .Where(e => e.RoutePattern.RawText != "unsubscribe/{token}")
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')
                .Replace("{id:int}", "1", StringComparison.Ordinal).Replace("{requestId:int}", "1", StringComparison.Ordinal).Replace("{keyId:int}", "1", StringComparison.Ordinal)
                .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{authoritySlug}", request.AuthoritySlug, StringComparison.Ordinal)
                .Replace("{slug}", request.Slug, StringComparison.Ordinal)
                .Replace("{date}", "not-a-date", StringComparison.Ordinal))
            .Distinct().ToList();
        posts.Count.ShouldBeGreaterThanOrEqualTo(30);

        foreach (var path in posts.Where(p => !p.Contains("sign-out", StringComparison.Ordinal)))
        {
            foreach (var fields in new[]
            {
                new Dictionary<string, string>(),
                new Dictionary<string, string> { ["state"] = "NoSuchState", ["Kind"] = "nonsense", ["ids"] = "x", ["action"] = "explode", ["allowed"] = "maybe", ["Id"] = "abc", ["page"] = "-5", ["Body"] = new string('x', 60_000) },
            })
            {
                using var content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
                using var response = await admin.PostAsync(path, content);
                ((int)response.StatusCode).ShouldBeLessThan(500, $"{path} with {fields.Count} field(s)");
            }
        }
    }

    [Test]
    public async Task An_unknown_page_is_a_friendly_404()
    {
        var (status, html, _) = await NewVisitor().GetAsync("/request/no-such-request");
        status.ShouldBe(HttpStatusCode.NotFound);
        html.ShouldContain("Page not found");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{(\w+)(?::(\w+))?\??\}")]
    private static partial System.Text.RegularExpressions.Regex RouteParameter();
}
