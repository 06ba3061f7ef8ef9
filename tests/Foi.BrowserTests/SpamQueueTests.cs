using Foi.Modules.Spam.ScoreProfiles;
using Foi.Modules.Users.Domain;
using Foi.Modules.Users.MakeAdmin;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;

namespace Foi.BrowserTests;

/// <summary>An admin works through the spam queue in a browser: reads the reasons, bans one account, clears another.</summary>
internal sealed class SpamQueueTests : BrowserTest
{

    private static async Task<User> AccountAsync(IServiceProvider services, string name, string email, string? agent = null, string? aboutMe = null)
    {
        var user = new User
        {
            UserName = email, Email = email, EmailConfirmed = true, Name = name, Slug = Foi.Common.Site.Slug.From(name),
            CreatedAt = DateTimeOffset.UtcNow, SignupUserAgent = agent ?? "Mozilla/5.0 (X11; Linux x86_64)", SignupIp = "203.0.113.7",
            AboutMe = aboutMe,
        };
        (await services.GetRequiredService<UserManager<User>>().CreateAsync(user, "a long enough passphrase")).Succeeded.ShouldBeTrue();
        await services.GetRequiredService<AccountAssessor>().AssessAsync(user.Id, CancellationToken.None);
        return user;
    }

    [Test]
    public async Task An_admin_bans_a_spammer_with_a_reason_and_clears_a_genuine_account()
    {
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            await AccountAsync(services, "Ada Admin", "ada@people.test");
            (await services.GetRequiredService<MakeAdminHandler>().HandleAsync("ada@people.test")).ShouldBeNull();
            // One long line (the admin page must wrap it, not scroll sideways: the page checks look).
            await AccountAsync(services, "Buy Cheap Viagra", "pills@mailinator.com", "python-requests/2.31",
                "Cheap pills at https://pills.example/" + string.Concat(Enumerable.Repeat("buy-now-", 250)));
            await AccountAsync(services, "Xkqwrtzp", "xkqwrtzp@yopmail.com", "curl/8.4");
        }

        var context = await Site.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, "ada@people.test");

        await page.GotoAsync("/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Spam queue" }).ClickAsync();
        await Assertions.Expect(page.GetByText("The name reads like an advert").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("The email address is at a disposable-mail service.").First).ToBeVisibleAsync();

        await page.GetByLabel("Buy Cheap Viagra").CheckAsync();
        await page.GetByLabel("Ban reason").FillAsync("Advertising medicines");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ban", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Banned: 1 account(s).")).ToBeVisibleAsync();

        await page.GetByLabel("Xkqwrtzp").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Not spam" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No account is waiting.")).ToBeVisibleAsync();

        await page.GotoAsync("/user/buy-cheap-viagra");
        await Assertions.Expect(page.GetByText("This account has been banned: Advertising medicines")).ToBeVisibleAsync();

        // The banned account can still sign in, but cannot make a request.
        var spammerContext = await Site.NewContextAsync();
        var spammer = await spammerContext.NewPageAsync();
        await SignInAsync(spammer, "pills@mailinator.com");
        await spammer.GotoAsync("/new/borsetshire-county-council");
        await spammer.GetByLabel("Summary").FillAsync("Licences for pharmacies in 2026");
        await spammer.GetByLabel("Your request").FillAsync("Dear Council,\n\nPlease list the pharmacy licences granted in 2026.\n\nYours faithfully,");
        await spammer.GetByRole(AriaRole.Button, new() { Name = "Preview your request" }).ClickAsync();
        await Assertions.Expect(spammer.GetByText("Your account is banned: you can read the site, but not make requests")).ToBeVisibleAsync();
    }
}
