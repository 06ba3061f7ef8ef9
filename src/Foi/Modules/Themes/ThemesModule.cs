using System.CommandLine;
using System.Globalization;
using System.Threading.RateLimiting;
using FluentValidation;
using Foi.Common.Cli;
using Foi.Common.Site;
using Foi.Modules.Themes.ContactSite;
using Foi.Modules.Themes.Contracts;
using Foi.Modules.Themes.Domain;
using Foi.Modules.Themes.ShowHelpPage;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Razor.Compilation;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Themes;

/// <summary>Bound from the <c>Themes</c> configuration section.</summary>
internal sealed class ThemeOptions
{
    public const string Section = "Themes";

    public string Active { get; set; } = ThemeChain.DefaultTheme;

    /// <summary>The folder holding the themes; empty: the nearest <c>themes/</c> above the content root, else beside the program.</summary>
    public string Directory { get; set; } = "";

    public int ContactMessagesPerHour { get; set; } = 5;

    public string ResolveRoot(string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(Directory))
        {
            return Path.GetFullPath(Directory, contentRoot);
        }
        for (var directory = new DirectoryInfo(contentRoot); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "themes");
            if (System.IO.Directory.Exists(Path.Combine(candidate, ThemeChain.DefaultTheme)))
            {
                return candidate;
            }
        }
        return Path.Combine(AppContext.BaseDirectory, "themes");
    }
}

internal sealed class ThemeOptionsValidator : AbstractValidator<ThemeOptions>
{
    public ThemeOptionsValidator()
    {
        RuleFor(t => t.Active).NotEmpty().Matches("^[A-Za-z0-9_-]+$").WithMessage("must be the name of a folder in the themes directory, such as default");
        RuleFor(t => t.ContactMessagesPerHour).GreaterThan(0).WithMessage(Settings.PositiveWholeNumber);
    }
}

internal static class ThemesModule
{
    public static IServiceCollection AddThemes(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddVerbs(Commands);
        var themes = services.AddSettings(configuration, ThemeOptions.Section, new ThemeOptionsValidator());
        // Loaded on first use, so `foi theme check` can report a broken theme instead of failing to start.
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ThemeOptions>>().Value;
            return ThemeChain.Load(options.ResolveRoot(environment.ContentRootPath), options.Active);
        });
        services.AddSingleton<SiteTheme>();
        services.AddSingleton<ISiteTheme>(provider => provider.GetRequiredService<SiteTheme>());
        services.AddSingleton<HelpLibrary>();
        services.AddSingleton<IConfigureOptions<RazorViewEngineOptions>>(provider => new ConfigureOptions<RazorViewEngineOptions>(options =>
            options.ViewLocationExpanders.Add(new ThemeViewLocationExpander(
                provider.GetRequiredService<ThemeChain>().Themes.Select(t => t.Name).ToList()))));

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(ContactSiteController.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = themes.ContactMessagesPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));
        });
        return services;
    }

    /// <summary>The theme's language choice and its static files under <c>/theme/</c>, looked up through the chain.</summary>
    /// <summary>
    /// False, with one line on standard error, when the theme cannot be used (a missing parent theme, a cycle):
    /// `foi theme check` tells the rest.
    /// </summary>
    public static bool ThemeIsUsable(this WebApplication app)
    {
        try
        {
            _ = app.Services.GetRequiredService<ThemeChain>();
            return true;
        }
        catch (ThemeException exception)
        {
            Console.Error.WriteLine($"foi: the theme cannot be used: {exception.Message}");
            return false;
        }
    }

    public static WebApplication UseThemes(this WebApplication app)
    {
        var chain = app.Services.GetRequiredService<ThemeChain>();
        var cultures = chain.Locales.Select(l => new CultureInfo(l)).ToList();
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(cultures[0]),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
        });
        var files = StaticFiles(chain);
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/theme",
            FileProvider = files,
            // A fingerprinted address never changes its content: kept a year. Others are checked again each time (ETag).
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = file.Context.Request.Query.ContainsKey("v")
                ? "public, max-age=31536000, immutable"
                : "no-cache",
        });
        return app;
    }

    /// <summary>The theme's own endpoints: the favicon browsers ask for and the colours stylesheet.</summary>
    public static WebApplication MapThemes(this WebApplication app)
    {
        var files = StaticFiles(app.Services.GetRequiredService<ThemeChain>());
        // Browsers and feed readers ask for /favicon.ico whatever the page says: the theme's own icon answers.
        app.MapGet("/favicon.ico", () => files.GetFileInfo("favicon.ico").Exists
            ? Results.Redirect("/theme/favicon.ico", permanent: true)
            : Results.Redirect("/theme/favicon.svg", permanent: true));
        // The theme's colours as a stylesheet of their own: the Content-Security-Policy allows no inline style.
        app.MapGet(ColorsStylesheet, (ISiteTheme theme) => Results.Text($":root {{ {theme.ColorVariables} }}", "text/css"));
        return app;
    }

    private static CompositeFileProvider StaticFiles(ThemeChain chain) => new(chain.Themes
        .Where(t => Directory.Exists(t.StaticDirectory))
        .Select(t => (IFileProvider)new PhysicalFileProvider(t.StaticDirectory)));

    public const string ColorsStylesheet = "/theme-colors.css";

    public static IEnumerable<Command> Commands(CliContext cli)
    {
        yield return new Command("theme", "Theme tasks") { CheckTheme.CheckThemeVerb.Build(cli) };
    }

    /// <summary>The paths of the views compiled into the site, e.g. /Modules/Requests/ShowHomePage/Index.cshtml.</summary>
    public static IReadOnlySet<string> SiteViews(IServiceProvider services)
    {
        var feature = new ViewsFeature();
        services.GetRequiredService<ApplicationPartManager>().PopulateFeature(feature);
        return feature.ViewDescriptors.Select(v => v.RelativePath).ToHashSet(StringComparer.Ordinal);
    }
}
