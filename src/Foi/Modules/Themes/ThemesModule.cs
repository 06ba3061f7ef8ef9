using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using Foi.Common.Cli;
using Foi.Modules.Themes.CheckTheme;
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

internal static class ThemesModule
{
    public static IServiceCollection AddThemes(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddVerbs(Commands);
        services.Configure<ThemeOptions>(configuration.GetSection(ThemeOptions.Section));
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

        var perHour = configuration.GetValue($"{ThemeOptions.Section}:{nameof(ThemeOptions.ContactMessagesPerHour)}", 5);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(ContactSiteController.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));
        });
        return services;
    }

    /// <summary>The theme's language choice and its static files under <c>/theme/</c>, looked up through the chain.</summary>
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
        var files = new CompositeFileProvider(chain.Themes
            .Where(t => Directory.Exists(t.StaticDirectory))
            .Select(t => (IFileProvider)new PhysicalFileProvider(t.StaticDirectory)));
        app.UseStaticFiles(new StaticFileOptions { RequestPath = "/theme", FileProvider = files });
        // Browsers and feed readers ask for /favicon.ico whatever the page says: the theme's own icon answers.
        app.MapGet("/favicon.ico", () => files.GetFileInfo("favicon.ico").Exists
            ? Results.Redirect("/theme/favicon.ico", permanent: true)
            : Results.Redirect("/theme/favicon.svg", permanent: true));
        // The theme's colours as a stylesheet of their own: the Content-Security-Policy allows no inline style.
        app.MapGet(ColorsStylesheet, (ISiteTheme theme) => Results.Text($":root {{ {theme.ColorVariables} }}", "text/css"));
        return app;
    }

    public const string ColorsStylesheet = "/theme-colors.css";

    public static IEnumerable<Command> Commands(CliContext cli)
    {
        var name = new Argument<string?>("name") { Description = "Theme folder name (default: the active theme)", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var check = new Command("check", "Report what a theme (with its parents) lacks or breaks; exit 1 if anything is wrong") { name, format };
        check.SetAction(async (result, _) =>
        {
            var services = cli.Services;
            var options = services.GetRequiredService<IOptions<ThemeOptions>>().Value;
            var root = options.ResolveRoot(services.GetRequiredService<IHostEnvironment>().ContentRootPath);
            var theme = result.GetValue(name) ?? options.Active;
            var problems = new ThemeChecker(root, SiteViews(services)).Check(theme);
            var display = Path.GetDirectoryName(root) ?? root;
            string Relative(string file) => Path.GetRelativePath(display, file);
            if (result.GetValue(format) == "json")
            {
                await cli.Output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    theme,
                    ok = problems.Count == 0,
                    problems = problems.Select(p => new { file = Relative(p.File), line = p.Line, message = p.Message }),
                }));
            }
            else
            {
                foreach (var problem in problems)
                {
                    await cli.Output.WriteLineAsync((problem with { File = Relative(problem.File) }).ToString());
                }
                await cli.Output.WriteLineAsync(problems.Count == 0
                    ? $"Theme '{theme}' is complete."
                    : $"Theme '{theme}': {problems.Count} problem(s).");
            }
            return problems.Count == 0 ? 0 : 1;
        });
        yield return new Command("theme", "Theme tasks") { check };
    }

    /// <summary>The paths of the views compiled into the site, e.g. /Modules/Requests/ShowHomePage/Index.cshtml.</summary>
    public static IReadOnlySet<string> SiteViews(IServiceProvider services)
    {
        var feature = new ViewsFeature();
        services.GetRequiredService<ApplicationPartManager>().PopulateFeature(feature);
        return feature.ViewDescriptors.Select(v => v.RelativePath).ToHashSet(StringComparer.Ordinal);
    }
}
