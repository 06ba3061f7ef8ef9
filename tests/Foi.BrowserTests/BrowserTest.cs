using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Foi.BrowserTests;

/// <summary>A fixture with the site on Kestrel and chromium, started once for its tests.</summary>
internal abstract class BrowserTest
{
    protected BrowserSite Site { get; private set; } = null!;

    /// <summary>Settings this fixture's site runs with, beside the defaults.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    [OneTimeSetUp]
    public async Task StartSite()
    {
        Site = new BrowserSite(Settings);
        await Site.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopSite() => await Site.DisposeAsync();

    /// <summary>Every page the test loaded: no Razor source as text, no sideways scrolling, no WCAG 2.2 AA violation.</summary>
    [TearDown]
    public async Task CheckVisitedPages()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Passed)
        {
            var failures = await Site.Checks.CheckVisitedAsync();
            Assert.That(failures, Is.Empty, string.Join("\n", failures));
        }
    }

    /// <summary>A fresh browser context (its own cookies), with the site as its base address.</summary>
    protected async Task<IPage> NewPageAsync() => await (await Site.NewContextAsync()).NewPageAsync();

    /// <summary>Waits until the site's background pickup has routed (and published) a stored message.</summary>
    protected async Task RoutedAsync(Guid id)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            await using (var scope = Site.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<Foi.Common.Data.FoiDbContext>();
                var state = await db.Set<Foi.Modules.Mail.Domain.IncomingMail>().Where(m => m.Id == id).Select(m => m.State).SingleAsync();
                if (state != Foi.Modules.Mail.Domain.IncomingState.Stored
                    && !await db.Set<Foi.Modules.Mail.Domain.IncomingDelivery>().AnyAsync(d => d.IncomingMailId == id && d.DeliveredAt == null))
                {
                    return;
                }
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"Stored mail {id} was not routed within 15 seconds.");
    }

    protected static async Task SignInAsync(IPage page, string email, string password = "a long enough passphrase")
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
