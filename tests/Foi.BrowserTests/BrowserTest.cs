using Microsoft.Playwright;

namespace Foi.BrowserTests;

/// <summary>A fixture with the site on Kestrel and chromium, started once for its tests.</summary>
internal abstract class BrowserTest
{
    protected BrowserSite Site { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartSite()
    {
        Site = new BrowserSite();
        await Site.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopSite() => await Site.DisposeAsync();

    /// <summary>A fresh browser context (its own cookies), with the site as its base address.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var context = await Site.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = Site.BaseUrl });
        return await context.NewPageAsync();
    }

    protected static async Task SignInAsync(IPage page, string email, string password = "a long enough passphrase")
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
