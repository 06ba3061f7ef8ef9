using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.FileRequest;
using Foi.Modules.Users.Domain;
using Foi.Modules.Users.MakeAdmin;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;

namespace Foi.BrowserTests;

/// <summary>An admin adds a censor rule from the request page: the words go from the page at once and from search within seconds.</summary>
internal sealed class CensorRuleTests : BrowserTest
{
    [Test]
    public async Task An_admin_redacts_a_name_from_the_request_page_and_search()
    {
        string slug;
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var users = services.GetRequiredService<UserManager<User>>();
            foreach (var (name, email) in new[] { ("Cora Censor", "cora@people.test"), ("Reg Requester", "reg@people.test") })
            {
                var user = new User { UserName = email, Email = email, EmailConfirmed = true, Name = name, Slug = Foi.Common.Site.Slug.From(name) };
                (await users.CreateAsync(user, "a long enough passphrase")).Succeeded.ShouldBeTrue();
            }
            (await services.GetRequiredService<MakeAdminHandler>().HandleAsync("cora@people.test")).ShouldBeNull();
            var requester = (await users.FindByEmailAsync("reg@people.test"))!;
            var authority = (await services.GetRequiredService<IAuthorityDirectory>().FindBySlugAsync("borsetshire-county-council", CancellationToken.None))!;
            slug = (await services.GetRequiredService<FileRequestHandler>().FileAsync(requester.Id, requester.Name, authority, "Hedge cutting contracts in 2026",
                "Dear Council,\n\nPlease send the hedge cutting contracts. My neighbour Bartholomew Quince says they were renewed.\n\nYours faithfully,\n\nReg Requester",
                CancellationToken.None)).Slug;
        }

        var context = await Site.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, "cora@people.test");
        await SearchUntilAsync(page, "Quince", found: true);

        await page.GotoAsync($"/request/{slug}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Redact text on this request" }).ClickAsync();
        (await PageChecks.CheckAsync(page, "/admin/censor-rules")).ShouldBeEmpty();
        await page.GetByLabel("Text to redact").FillAsync("Bartholomew Quince");
        await page.GetByLabel("Why (seen by admins only)").FillAsync("A third party named without consent.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the rule" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/request/{slug}$"));
        await Assertions.Expect(page.GetByText("Censor rule added")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("My neighbour [REDACTED] says", new() { Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Bartholomew", new() { Exact = false })).ToHaveCountAsync(0);
        await SearchUntilAsync(page, "Quince", found: false);
        await SearchUntilAsync(page, "hedge", found: true);
        await Assertions.Expect(page.Locator(".search-results")).Not.ToContainTextAsync("Quince");
    }

    /// <summary>Searches as a visitor would, again and again, until the index has caught up with the change (or 15 s pass).</summary>
    private static async Task SearchUntilAsync(IPage page, string query, bool found)
    {
        var results = page.Locator(".search-results .search-result.request");
        for (var attempt = 0; attempt < 60; attempt++)
        {
            await page.GotoAsync($"/search?q={Uri.EscapeDataString(query)}");
            if (await results.CountAsync() > 0 == found)
            {
                return;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"Searching '{query}' should {(found ? "" : "not ")}find the request within 15 seconds.");
    }
}
