using System.Net;
using Foi.Common.Data;
using Foi.Common.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Foi.Modules.Requests.Domain;
using Foi.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>
/// Every route of the site, asked by four people: a visitor who is not signed in, a citizen who does not own the
/// request at hand, a banned citizen, and an admin. Routes come from the routing table, so a new route is checked the
/// day it is added; what each person may do is written once, below.
/// </summary>
internal sealed class RouteMatrixTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private enum Who { Anonymous, Citizen, Banned, Admin }

    /// <summary>What a banned account may still post: a banned person may also leave, taking their name with them.</summary>
    private static readonly string[] PostsForBanned = ["sign-in", "sign-out", "account/password", "help/contact", "account/close"];

    /// <summary>Pages only the request's owner (and admins) may use; the citizen here is not the owner.</summary>
    private static readonly string[] OwnerOnly = ["request/{slug}/follow-up", "request/{slug}/classify", "request/{slug}/comments/{id:int}/hide"];

    /// <summary>Decisions only the requester makes, not even an admin.</summary>
    private static readonly string[] RequesterOnly = ["request/{slug}/withdraw"];

    /// <summary>Pages that need an account, any account.</summary>
    private static readonly string[] SignedInOnly = ["account/password", "account/profile", "request/{slug}/comments", "request/{slug}/comments/{id:int}/report",
        "follow", "account/following", "account/following/{id:int}/stop", "account/following/stop-all", "account/close", "account/data", "account/public-name"];

    /// <summary>The authority API answers a key in the Authorization header, never a signed-in cookie: 401 to all four.</summary>
    private const string KeyOnlyPrefix = "api/v1/authority/";

    /// <summary>Routes that only show an error page of the code they are given.</summary>
    private static readonly string[] ErrorPages = ["status/{code:int}", "error"];

    [Test]
    public async Task Every_route_answers_each_kind_of_visitor_as_it_should()
    {
        var owner = await RequestFixtures.AccountAsync(Site, "Owen Owner");
        var request = await RequestFixtures.FileAsync(Site, account: owner);
        var ownerClient = NewVisitor();
        (await ownerClient.SignInAsync(owner.Email, RequestFixtures.Password)).Status.ShouldBe(HttpStatusCode.Redirect);
        await ownerClient.PostFormAsync($"/request/{request.Slug}", new Dictionary<string, string> { ["Body"] = "The owner's comment." }, $"/request/{request.Slug}/comments");
        var commentId = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<Comment>().Where(c => c.RequestId == request.Id).Select(c => c.Id).SingleAsync());
        var authorityId = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<InfoRequest>().Where(r => r.Id == request.Id).Select(r => r.AuthorityId).SingleAsync());

        var visitors = new Dictionary<Who, SiteClient>
        {
            [Who.Anonymous] = NewVisitor(),
            [Who.Citizen] = await SignedInCitizenAsync("Cid Citizen"),
            [Who.Banned] = await BannedCitizenAsync(),
            [Who.Admin] = await SignedInAdminAsync(),
        };
        var tokens = new Dictionary<Who, string>();
        foreach (var (who, client) in visitors)
        {
            tokens[who] = SiteClient.TokenIn((await client.GetAsync("/help/contact")).Html);
        }

        var routes = Site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => (Method: method, Pattern: e.RoutePattern.RawText!.Trim('/'))))
            .Where(r => r.Method is "GET" or "POST" && !ErrorPages.Contains(r.Pattern) && r.Pattern != "sign-out")
            .Distinct().ToList();
        routes.Count.ShouldBeGreaterThan(50);

        var wrong = new List<string>();
        var checkedCount = 0;
        foreach (var (method, pattern) in routes)
        {
            var path = "/" + pattern
                .Replace("{slug}", request.Slug, StringComparison.Ordinal)
                .Replace("comments/{id:int}", $"comments/{commentId}", StringComparison.Ordinal)
                .Replace("admin/users/{id:int}", $"admin/users/{owner.Id}", StringComparison.Ordinal)
                .Replace("authorities/{id:int}", $"authorities/{authorityId}", StringComparison.Ordinal)
                .Replace("{id:int}", "1", StringComparison.Ordinal).Replace("{keyId:int}", "1", StringComparison.Ordinal)
                .Replace("{messageId:int}", "1", StringComparison.Ordinal).Replace("{index:int}", "0", StringComparison.Ordinal)
                .Replace("{requestId:int}", request.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{authoritySlug}", request.AuthoritySlug, StringComparison.Ordinal)
                .Replace("{fileName}", "letter.pdf", StringComparison.Ordinal)
                .Replace("{date}", "2026-12-25", StringComparison.Ordinal)
                .Replace("{page}", "about", StringComparison.Ordinal)
                .Replace("{token}", "not-a-real-token", StringComparison.Ordinal)
                .Replace("{documentName?}", "", StringComparison.Ordinal)
                .Replace("{documentName}", "v1", StringComparison.Ordinal);
            path.ShouldNotContain("{", customMessage: pattern);
            foreach (var (who, client) in visitors)
            {
                HttpStatusCode status;
                string? location;
                if (method == "GET")
                {
                    (status, _, location) = await client.GetAsync(path);
                }
                else
                {
                    using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = tokens[who] });
                    using var response = await client.PostAsync(path, content);
                    (status, location) = (response.StatusCode, response.Headers.Location?.OriginalString);
                }
                checkedCount++;
                if (Expected(method, pattern, who) is var (allowed, rule) && !allowed(status, location))
                {
                    wrong.Add($"{method} {path} as {who}: {(int)status} {location} (expected {rule})");
                }
            }
        }
        TestContext.Out.WriteLine($"{routes.Count} routes, {checkedCount} answers checked");
        wrong.ShouldBeEmpty();
    }

    [Test]
    public void Admin_pages_live_under_admin_and_only_there()
    {
        var endpoints = Site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        static bool RequiresAdmin(Endpoint e) => e.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Any(a => a.Policy == AdminRoutes.Policy || a.Roles?.Contains(Foi.Modules.Users.Contracts.Roles.Admin, StringComparison.Ordinal) == true);

        var admin = endpoints.Where(e => AdminRoutes.IsAdminRoute(e.RoutePattern.RawText)).ToList();
        admin.Count.ShouldBeGreaterThan(15);
        admin.Where(e => !RequiresAdmin(e)).Select(e => e.RoutePattern.RawText).ShouldBeEmpty("admin pages without the admin policy");
        endpoints.Where(e => !AdminRoutes.IsAdminRoute(e.RoutePattern.RawText) && RequiresAdmin(e)).Select(e => e.RoutePattern.RawText)
            .ShouldBeEmpty("admin-only pages outside /admin");
        endpoints.Where(e => e.RoutePattern.RawText?.Contains("/admin", StringComparison.Ordinal) == true && !AdminRoutes.IsAdminRoute(e.RoutePattern.RawText))
            .Select(e => e.RoutePattern.RawText).ShouldBeEmpty("pages that look like admin pages but are not under /admin");
    }

    private static (Func<HttpStatusCode, string?, bool> Allowed, string Rule) Expected(string method, string pattern, Who who)
    {
        var toSignIn = ((Func<HttpStatusCode, string?, bool>)((s, l) => s == HttpStatusCode.Redirect && l?.Contains("/sign-in", StringComparison.Ordinal) == true), "a redirect to sign in");
        var forbidden = ((Func<HttpStatusCode, string?, bool>)((s, _) => s == HttpStatusCode.Forbidden), "403");
        var served = ((Func<HttpStatusCode, string?, bool>)((s, _) => (int)s < 500 && s is not HttpStatusCode.Forbidden and not HttpStatusCode.Unauthorized
            && s is not HttpStatusCode.BadRequest), "an answer, neither refused nor an error");
        if (pattern.StartsWith(KeyOnlyPrefix, StringComparison.Ordinal))
        {
            return (((s, _) => s == HttpStatusCode.Unauthorized), "401: a key is needed");
        }
        if (AdminRoutes.IsAdminRoute(pattern))
        {
            return who switch { Who.Anonymous => toSignIn, Who.Admin => served, _ => forbidden };
        }
        if (who == Who.Banned && method == "POST" && !PostsForBanned.Contains(pattern))
        {
            return forbidden;
        }
        if (RequesterOnly.Contains(pattern))
        {
            return who == Who.Anonymous ? toSignIn : forbidden;
        }
        if (OwnerOnly.Contains(pattern))
        {
            return who switch { Who.Anonymous => toSignIn, Who.Admin => served, _ => forbidden };
        }
        if (SignedInOnly.Contains(pattern))
        {
            return who == Who.Anonymous ? toSignIn : served;
        }
        return served;
    }

    private async Task<SiteClient> BannedCitizenAsync()
    {
        var email = UniqueEmail("banned");
        var banned = NewVisitor();
        await banned.SignUpAsync("Bea Banned", email);
        var id = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        await InScopeAsync(async s =>
        {
            await s.GetRequiredService<Foi.Modules.Users.Contracts.IUserProfiles>().SetBanAsync(id, "Abuse.", CancellationToken.None);
            return 0;
        });
        (await banned.SignInAsync(email)).Status.ShouldBe(HttpStatusCode.Redirect);
        return banned;
    }
}
