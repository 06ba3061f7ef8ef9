using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.FileRequest;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;

namespace Foi.BrowserTests;

/// <summary>While a citizen types a title, the form shows requests already asked that look like it.</summary>
internal sealed class SimilarRequestsTests : BrowserTest
{
    [Test]
    public async Task Typing_a_title_shows_an_existing_request_like_it()
    {
        const string existingTitle = "Ministry walking budget for 2025 and 2026";
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var user = new User { UserName = "earlier@people.test", Email = "earlier@people.test", EmailConfirmed = true, Name = "Edna Earlier", Slug = "edna-earlier" };
            (await services.GetRequiredService<UserManager<User>>().CreateAsync(user, "a long enough passphrase")).Succeeded.ShouldBeTrue();
            var authority = (await services.GetRequiredService<IAuthorityDirectory>().FindBySlugAsync("ministry-of-silly-walks", CancellationToken.None))!;
            await services.GetRequiredService<FileRequestHandler>().FileAsync(user.Id, user.Name, authority, existingTitle,
                "Dear Ministry,\n\nPlease send me the walking budget for 2025 and 2026.\n\nYours faithfully,\n\nEdna Earlier", CancellationToken.None);
        }

        var context = await Site.NewContextAsync();
        // The index follows the database within seconds; wait for it so the page is tested, not the timing.
        var indexed = false;
        for (var attempt = 0; attempt < 60 && !indexed; attempt++)
        {
            var response = await context.APIRequest.GetAsync("/search/similar?title=walking%20budgets&authority=ministry-of-silly-walks");
            indexed = (await response.TextAsync()).Contains(existingTitle, StringComparison.Ordinal);
            if (!indexed)
            {
                await Task.Delay(250);
            }
        }
        indexed.ShouldBeTrue("the new request did not reach the search index within 15 seconds");

        var page = await context.NewPageAsync();
        await page.GotoAsync("/new/ministry-of-silly-walks");
        await page.GetByLabel("Summary").PressSequentiallyAsync("walking budgets");
        var similar = page.Locator("#similar-requests").GetByRole(AriaRole.Link, new() { Name = existingTitle });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Has this been asked already?" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "To this authority" })).ToBeVisibleAsync();
        await Assertions.Expect(similar).ToBeVisibleAsync();
    }
}
