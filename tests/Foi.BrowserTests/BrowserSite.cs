using Foi.Common.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Foi.BrowserTests;

/// <summary>The real site on Kestrel (127.0.0.1, a free port) with demo data, and Debian's chromium driven by Playwright.</summary>
public sealed class BrowserSite : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;

    public BrowserSite(IDictionary<string, string?>? overrides = null)
    {
        DataDirectory = Directory.CreateTempSubdirectory("foi-browser-").FullName;
        settings = new Dictionary<string, string?>
        {
            ["Site:DataDirectory"] = DataDirectory,
            ["Site:SeedDemoData"] = "true",
            ["Database:Provider"] = nameof(DatabaseProvider.Sqlite),
            ["Mail:AddressSecret"] = "browser-test-secret",
            ["Mail:IncomingDomain"] = "foi.test",
            ["Jobs:Enabled"] = "false",
            // Every test is the same client (127.0.0.1) to the site.
            ["Spam:Limits:SignUpsPerIpPerHour"] = "100000",
            ["Spam:Limits:AnonymousDraftsPerIpPerHour"] = "100000",
            ["Accounts:SignInAttemptsPerClient"] = "100000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
    }

    public string DataDirectory { get; }

    public string PickupDirectory => Path.Combine(DataDirectory, "mail-outbox");

    public string BaseUrl { get; private set; } = "";

    public IPlaywright? Playwright { get; private set; }

    public IBrowser? Browser { get; private set; }

    /// <summary>What every page loaded through <see cref="NewContextAsync"/> is checked for after each test.</summary>
    public PageChecks Checks { get; } = new();

    /// <summary>A fresh browser context (its own cookies) in a 1,280 px window, with the site as its base address.</summary>
    public Task<IBrowserContext> NewContextAsync() => Checks.WatchedContextAsync(Browser!, BaseUrl);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
    }

    public async Task StartAsync()
    {
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("FOI_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        Playwright?.Dispose();
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
