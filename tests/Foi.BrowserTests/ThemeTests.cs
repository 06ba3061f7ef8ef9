using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.FileRequest;
using Foi.Modules.Themes.ShowHelpPage;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;

namespace Foi.BrowserTests;

/// <summary>Both themes in a real browser: the look each one gives, help pages edited while the site runs, and axe-core's accessibility check.</summary>
[TestFixture("default")]
[TestFixture("openbook")]
internal sealed class ThemeTests(string theme)
{
    private BrowserSite site = null!;
    private string themes = null!;
    private string requestSlug = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        // A copy of themes/, so the test can edit a help page like a theme author would.
        themes = Directory.CreateTempSubdirectory("foi-browser-themes-").FullName;
        foreach (var file in Directory.GetFiles(RepositoryThemes(), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(themes, Path.GetRelativePath(RepositoryThemes(), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        site = new BrowserSite(new Dictionary<string, string?> { ["Themes:Active"] = theme, ["Themes:Directory"] = themes });
        await site.StartAsync();
        requestSlug = await FileARequestAsync();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await site.DisposeAsync();
        Directory.Delete(themes, recursive: true);
    }

    [Test]
    public async Task The_theme_shows_its_name_logo_colours_and_home_page()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        var headerColour = await page.EvalOnSelectorAsync<string>(".site-header", "e => getComputedStyle(e).backgroundColor");
        if (theme == "openbook")
        {
            await Assertions.Expect(page.Locator(".site-name")).ToHaveTextAsync("OpenBook");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Three steps" })).ToBeVisibleAsync();
            headerColour.ShouldBe("rgb(91, 42, 134)");
            (await page.EvalOnSelectorAsync<int>(".site-name img", "img => img.naturalWidth")).ShouldBeGreaterThan(0);
            var logo = await page.APIRequest.GetAsync("/theme/img/logo.svg");
            logo.Status.ShouldBe(200);
            (await logo.TextAsync()).ShouldContain("<svg");
        }
        else
        {
            await Assertions.Expect(page.Locator(".site-name")).ToHaveTextAsync("Foi");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ask a public authority for information" })).ToBeVisibleAsync();
            headerColour.ShouldBe("rgb(11, 79, 138)");
            (await page.Locator(".site-name img").CountAsync()).ShouldBe(0);
        }
        // Pages the theme does not override look like the default's, in the theme's colours.
        await page.GotoAsync("/authorities");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Public authorities" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task A_help_page_edited_while_the_site_runs_changes_on_reload()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/help/credits");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Credits", Exact = true })).ToBeVisibleAsync();

        var file = Path.Combine(themes, "default", "help", "credits.md");
        var text = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, text.Replace("title: Credits", "title: Credits and thanks", StringComparison.Ordinal)
            + $"\nEdited by the {theme} test.\n");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5)); // a new stamp even on coarse file systems

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Credits and thanks" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText($"Edited by the {theme} test.")).ToBeVisibleAsync();
    }

    [Test]
    public async Task Key_pages_and_every_help_page_have_no_accessibility_violation()
    {
        var help = site.Services.GetRequiredService<HelpLibrary>().List("en").Select(p => $"/help/{p.Name}");
        var pages = new[] { "/", "/authorities", "/authority/ministry-of-silly-walks", $"/request/{requestSlug}", "/new", "/help", "/sign-up" }.Concat(help).ToList();
        pages.Count.ShouldBeGreaterThanOrEqualTo(15);

        // Visiting is enough: after the test every page loaded is checked with axe-core's WCAG 2.2 rules (PageChecks).
        var page = await NewPageAsync();
        foreach (var path in pages)
        {
            (await page.GotoAsync(path))!.Status.ShouldBe(200, path);
        }
        // The request form needs a signed-in requester.
        await SignInAsync(page);
        (await page.GotoAsync("/new/ministry-of-silly-walks"))!.Status.ShouldBe(200);
    }

    private async Task<IPage> NewPageAsync() => await (await site.NewContextAsync()).NewPageAsync();

    /// <summary>Every page the test loaded, in this theme: no Razor source as text, no sideways scrolling, no WCAG 2.2 AA violation.</summary>
    [TearDown]
    public async Task CheckVisitedPages()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Passed)
        {
            var failures = await site.Checks.CheckVisitedAsync();
            Assert.That(failures, Is.Empty, string.Join("\n", failures));
        }
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Email address").FillAsync("axe@people.test");
        await page.GetByLabel("Password").FillAsync("a long enough passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Password" })).ToBeVisibleAsync();
    }

    private async Task<string> FileARequestAsync()
    {
        await using var scope = site.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var user = new User { UserName = "axe@people.test", Email = "axe@people.test", EmailConfirmed = true, Name = "Axel Checker", Slug = "axel-checker" };
        (await services.GetRequiredService<UserManager<User>>().CreateAsync(user, "a long enough passphrase")).Succeeded.ShouldBeTrue();
        var authority = (await services.GetRequiredService<IAuthorityDirectory>().FindBySlugAsync("ministry-of-silly-walks", CancellationToken.None))!;
        var request = await services.GetRequiredService<FileRequestHandler>().FileAsync(user.Id, user.Name, authority,
            "Accessibility of walking routes", "Dear Ministry,\n\nPlease send your accessibility audit of walking routes.\n\nYours faithfully,\n\nAxel Checker", CancellationToken.None);
        return request.Slug;
    }

    private static string RepositoryThemes()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Foi.sln")))
            {
                return Path.Combine(directory.FullName, "themes");
            }
        }
        throw new DirectoryNotFoundException("themes/ not found above the test directory");
    }
}
