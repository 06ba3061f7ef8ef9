using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.FileRequest;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;

namespace Foi.BrowserTests;

/// <summary>A visitor searches from the site's navigation, reads highlighted results, and narrows them.</summary>
internal sealed class SearchPageTests : BrowserTest
{
    [Test]
    public async Task A_visitor_finds_requests_by_a_word_narrows_to_authorities_and_orders_by_newest()
    {
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var user = new User { UserName = "sam@people.test", Email = "sam@people.test", EmailConfirmed = true, Name = "Sam Searcher", Slug = "sam-searcher" };
            (await services.GetRequiredService<UserManager<User>>().CreateAsync(user, "a long enough passphrase")).Succeeded.ShouldBeTrue();
            var authority = (await services.GetRequiredService<IAuthorityDirectory>().FindBySlugAsync("borsetshire-county-council", CancellationToken.None))!;
            var handler = services.GetRequiredService<FileRequestHandler>();
            foreach (var title in new[] { "Library opening hours in 2024", "Library book budget for 2026" })
            {
                await handler.FileAsync(user.Id, user.Name, authority, title, $"Dear Council,\n\nPlease send me the figures: {title}.\n\nYours faithfully,\n\nSam Searcher", CancellationToken.None);
            }
        }

        var context = await Site.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Search", Exact = true }).ClickAsync();
        // The index follows the database within seconds; search again until both requests are in, as a visitor would.
        var results = page.Locator(".search-results .search-result.request");
        var attempt = 0;
        do
        {
            await page.GetByLabel("Search for").FillAsync("libraries");
            await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        }
        while (await results.CountAsync() < 2 && ++attempt < 60);
        await Assertions.Expect(results).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".search-results mark").First).ToHaveTextAsync("Library"); // stemmed: libraries, library
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Requests (2)" })).ToBeVisibleAsync();

        await page.GetByLabel("Order").SelectOptionAsync("newest");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Assertions.Expect(results.First.GetByRole(AriaRole.Link)).ToHaveTextAsync("Library book budget for 2026");

        // The counts per status narrow the same search, keeping its order.
        await page.Locator(".status-counts").GetByRole(AriaRole.Link, new() { Name = "waiting response" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Search for")).ToHaveValueAsync("libraries status:waiting_response");
        await Assertions.Expect(page.GetByLabel("Order")).ToHaveValueAsync("newest");
        await Assertions.Expect(results).ToHaveCountAsync(2);

        await page.GetByLabel("Search for").FillAsync("borsetshire");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Authorities \\(1\\)$") }).ClickAsync();
        await Assertions.Expect(page.Locator(".search-results .search-result.authority").GetByRole(AriaRole.Link, new() { Name = "Borsetshire County Council" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".search-results .search-result.request")).ToHaveCountAsync(0);
    }

    [Test]
    public async Task A_very_long_query_gets_the_results_page_not_an_error()
    {
        var context = await Site.NewContextAsync();
        var page = await context.NewPageAsync();
        foreach (var query in new[] { string.Join(' ', Enumerable.Repeat("council", 1250)), new string('ж', 1600), string.Concat(Enumerable.Repeat("ministère ", 1000)) })
        {
            var response = await page.GotoAsync($"/search?q={Uri.EscapeDataString(query)}");
            response!.Status.ShouldBe(200, $"a {query.Length}-character query");
            await Assertions.Expect(page.GetByText("Only the first 500 characters were searched.")).ToBeVisibleAsync();
        }
        (await page.GetByLabel("Search for").GetAttributeAsync("maxlength")).ShouldBe("500");
    }
}
