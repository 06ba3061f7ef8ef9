using Microsoft.Playwright;

namespace Foi.BrowserTests;

/// <summary>The API's reference page renders the generated document in a real browser, under the site's CSP.</summary>
internal sealed class ApiReferenceTests : BrowserTest
{
    [Test]
    public async Task The_api_page_shows_the_endpoints_of_the_generated_document()
    {
        var page = await NewPageAsync();
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                blocked.Add(message.Text);
            }
        };
        await page.GotoAsync("/api");
        await Assertions.Expect(page.GetByText("Foi read API").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // The sidebar opens only its first group; open the rest, as a reader would.
        var closed = page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Open Group") });
        for (var opened = 0; opened < 10 && await closed.CountAsync() > 0; opened++)
        {
            await closed.First.ClickAsync();
        }
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Every authority, in a stable order, paged by cursor") })).ToBeVisibleAsync();
        Assert.That(blocked, Is.Empty, string.Join("\n", blocked));
    }
}
