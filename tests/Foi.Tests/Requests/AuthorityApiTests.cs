using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Foi.Common.Data;
using Foi.Modules.Authorities.Domain;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Requests.Domain;
using Foi.Tests.Mail;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Requests;

/// <summary>
/// The authority API: an admin issues a key (shown once, kept hashed), the authority's system lists its requests,
/// publishes a response with an attachment through the same road as an emailed reply, and sets a status; the key
/// never reaches another authority's requests, and a revoked key reaches nothing.
/// </summary>
internal sealed partial class AuthorityApiTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private async Task<int> AuthorityIdAsync(string slug) =>
        await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<Authority>().Where(a => a.Slug == slug).Select(a => a.Id).SingleAsync());

    private static async Task<string> IssueKeyAsync(SiteClient admin, int authorityId, string label)
    {
        var (status, html, _) = await admin.PostFormAsync($"/admin/authorities/{authorityId}/api-keys", new Dictionary<string, string> { ["label"] = label });
        status.ShouldBe(HttpStatusCode.OK);
        var key = IssuedKey().Match(html).Groups[1].Value;
        key.ShouldStartWith("foi_ak_");
        return key;
    }

    private SiteClient System(string key) => NewVisitor().WithHeader("Authorization", "Bearer " + key);

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    [Test]
    public async Task A_key_lists_answers_and_classifies_its_own_requests_and_nothing_else()
    {
        var ours = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Keyed Council"), "foi@keyed.example");
        var theirs = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Other Council"), "foi@other.example");
        var request = await RequestFixtures.FileAsync(Site, title: "Pothole repair budget " + Guid.NewGuid().ToString("N")[..6], authoritySlug: ours);
        var foreign = await RequestFixtures.FileAsync(Site, title: "Another council's request " + Guid.NewGuid().ToString("N")[..6], authoritySlug: theirs);
        var admin = await SignedInAdminAsync();
        var key = await IssueKeyAsync(admin, await AuthorityIdAsync(ours), "Casework, live");

        // Shown once: the page does not show it again, and the database keeps only its hash.
        var (_, keysPage, _) = await admin.GetAsync($"/admin/authorities/{await AuthorityIdAsync(ours)}/api-keys");
        keysPage.ShouldNotContain(key);
        keysPage.ShouldContain(key[..12]);
        var prefix = key[..12];
        var stored = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<AuthorityApiKey>().AsNoTracking().SingleAsync(k => k.Prefix == prefix));
        stored.Hash.ShouldNotContain(key[7..]);

        var system = System(key);
        var (listStatus, list, _) = await system.GetAsync("/api/v1/authority/requests");
        listStatus.ShouldBe(HttpStatusCode.OK, list);
        list.ShouldContain(request.Slug);
        list.ShouldNotContain(foreign.Slug);

        using var form = new MultipartFormDataContent
        {
            { new StringContent("Dear requester, the pothole budget is attached."), "body" },
            { new ByteArrayContent(TestMessages.Pdf("Pothole budget 2026: 41,200 pounds")) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } }, "attachments", "budget.pdf" },
        };
        using (var response = await system.PostAsync($"/api/v1/authority/requests/{request.Slug}/responses", form))
        {
            var receipt = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.Created, receipt);
            receipt.ShouldContain("\"state\":\"published\"");
        }
        // Published as an emailed reply is: the raw message kept first, the attachment's text extracted, on the page.
        (await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<IncomingMail>().CountAsync(m => m.Source == "authority-api" && m.EnvelopeRecipients.Contains(request.Address))))
            .ShouldBe(1);
        var (_, page, _) = await NewVisitor().GetAsync($"/request/{request.Slug}");
        page.ShouldContain("the pothole budget is attached");
        page.ShouldContain("budget.pdf");
        page.ShouldContain("response published through the API with the key Casework, live");
        var attachmentText = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<RequestAttachment>()
            .Where(a => a.FileName == "budget.pdf" && s.GetRequiredService<FoiDbContext>().Set<RequestMessage>().Any(m => m.Id == a.RequestMessageId && m.RequestId == request.Id))
            .Select(a => a.Text).SingleAsync());
        attachmentText.ShouldNotBeNull().ShouldContain("41,200");

        using (var response = await system.PostAsync($"/api/v1/authority/requests/{request.Slug}/status", Json(new { status = "successful" })))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }
        (await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<InfoRequest>().Where(r => r.Id == request.Id).Select(r => r.State).SingleAsync()))
            .ShouldBe(RequestState.Successful);
        (await NewVisitor().GetAsync($"/request/{request.Slug}")).Html.ShouldContain("by the authority through the API");

        // Another authority's request: not found for reading or writing, and nothing about it changes.
        using (var response = await system.PostAsync($"/api/v1/authority/requests/{foreign.Slug}/status", Json(new { status = "rejected" })))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
        using (var other = new MultipartFormDataContent { { new StringContent("Not yours to answer."), "body" } })
        using (var response = await system.PostAsync($"/api/v1/authority/requests/{foreign.Slug}/responses", other))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
        (await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<InfoRequest>().Where(r => r.Id == foreign.Id).Select(r => r.State).SingleAsync()))
            .ShouldBe(RequestState.WaitingResponse);
        (await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<RequestMessage>().CountAsync(m => m.RequestId == foreign.Id))).ShouldBe(1, "only the letter");
        (await system.GetAsync($"/api/v1/authority/requests?status=successful")).Html.ShouldContain(request.Slug);

        // A status the authority does not give, and a response without text, are refused with the reason.
        using (var response = await system.PostAsync($"/api/v1/authority/requests/{request.Slug}/status", Json(new { status = "vexatious" })))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await response.Content.ReadAsStringAsync()).ShouldContain("status must be one of");
        }
        using (var empty = new MultipartFormDataContent { { new StringContent(" "), "body" } })
        using (var response = await system.PostAsync($"/api/v1/authority/requests/{request.Slug}/responses", empty))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        // The admin page says when the key was last used.
        (await admin.GetAsync($"/admin/authorities/{await AuthorityIdAsync(ours)}/api-keys")).Html.ShouldNotContain(">never<");
    }

    [Test]
    public async Task No_key_a_wrong_key_and_a_revoked_key_reach_nothing()
    {
        var ours = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Revoking Council"), "foi@revoking.example");
        var request = await RequestFixtures.FileAsync(Site, authoritySlug: ours);
        var admin = await SignedInAdminAsync();
        var authorityId = await AuthorityIdAsync(ours);
        var key = await IssueKeyAsync(admin, authorityId, "Old system");
        (await System(key).GetAsync("/api/v1/authority/requests")).Status.ShouldBe(HttpStatusCode.OK);

        using (var anonymous = await NewVisitor().SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/authority/requests")))
        {
            anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            anonymous.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        }
        (await System(key[..^2] + "xx").GetAsync("/api/v1/authority/requests")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        // A signed-in admin's cookie is not a key.
        (await admin.GetAsync("/api/v1/authority/requests")).Status.ShouldBe(HttpStatusCode.Unauthorized);

        var keyId = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<AuthorityApiKey>().Where(k => k.AuthorityId == authorityId).Select(k => k.Id).SingleAsync());
        (await admin.PostFormAsync($"/admin/authorities/{authorityId}/api-keys", new Dictionary<string, string>(), $"/admin/authorities/{authorityId}/api-keys/{keyId}/revoke"))
            .Status.ShouldBe(HttpStatusCode.Redirect);
        (await System(key).GetAsync("/api/v1/authority/requests")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        using var form = new MultipartFormDataContent { { new StringContent("Too late."), "body" } };
        using var refused = await System(key).PostAsync($"/api/v1/authority/requests/{request.Slug}/responses", form);
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await admin.GetAsync($"/admin/authorities/{authorityId}/api-keys")).Html.ShouldContain("revoked");

        // A key needs a name; the form says so rather than failing.
        var (status, html, _) = await admin.PostFormAsync($"/admin/authorities/{authorityId}/api-keys", new Dictionary<string, string> { ["label"] = "" });
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("Give the key a name");
    }

    [GeneratedRegex("id=\"new-key\" readonly value=\"([^\"]+)\"")]
    private static partial Regex IssuedKey();
}
