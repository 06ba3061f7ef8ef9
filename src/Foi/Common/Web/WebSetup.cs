using FluentValidation;
using Foi.Common.Events;
using Foi.Common.Site;
using Foi.Common.Validation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.FileProviders;

namespace Foi.Common.Web;

/// <summary>The shared kernel's registrations: site settings, time, events, MVC conventions, validation, keys.</summary>
internal static class WebSetup
{
    public static IServiceCollection AddCommon(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.Configure<SiteOptions>(configuration.GetSection(SiteOptions.Section));
        var site = configuration.GetSection(SiteOptions.Section).Get<SiteOptions>() ?? new SiteOptions();
        var dataDirectory = new DataDirectory(site.ResolveDataDirectory(environment.ContentRootPath));
        services.AddSingleton(dataDirectory);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SiteClock>();
        services.AddSingleton<ThemeDirectory>();
        services.AddScoped<IEventPublisher, EventPublisher>();

        services.AddDataProtection()
            .SetApplicationName("Foi")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory.Path, "keys")));

        // A field's later rules assume its earlier ones passed (e.g. "not empty" before "unique"), so stop at the first failure.
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        services.AddValidatorsFromAssemblyContaining<ValidationFilter>(ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddScoped<ValidationFilter>();
        services
            .AddControllersWithViews(options =>
            {
                // FluentValidation owns the messages; MVC's implicit "The X field is required." would shadow them.
                options.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
                options.Filters.Add<AutoValidateAntiforgeryTokenAttribute>();
                options.Filters.AddService<ValidationFilter>();
            })
            .ConfigureApplicationPartManager(parts =>
            {
                parts.FeatureProviders.Remove(parts.FeatureProviders.OfType<ControllerFeatureProvider>().First());
                parts.FeatureProviders.Add(new InternalControllerFeatureProvider());
            });
        services.Configure<RazorViewEngineOptions>(options => options.ViewLocationExpanders.Add(new SliceViewLocationExpander()));
        services.AddAntiforgery(options => options.Cookie.Name = "foi.csrf");
        return services;
    }

    public static WebApplication UseCommon(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/status/{0}");

        var themes = app.Services.GetRequiredService<ThemeDirectory>();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(themes.ActiveThemePath, "wwwroot")),
            RequestPath = "/theme",
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapControllers();
        return app;
    }
}

/// <summary>Where the themes are, and the active one. Themes are content, not code, so they are found on disk at start.</summary>
internal sealed class ThemeDirectory
{
    public ThemeDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Themes:Directory"];
        Root = !string.IsNullOrWhiteSpace(configured)
            ? Path.GetFullPath(configured, environment.ContentRootPath)
            : FindThemesFolder(environment.ContentRootPath) ?? Path.Combine(AppContext.BaseDirectory, "themes");
        ActiveTheme = configuration["Themes:Active"] is { Length: > 0 } active ? active : "default";
        if (!Directory.Exists(ActiveThemePath))
        {
            throw new InvalidOperationException($"Theme '{ActiveTheme}' was not found at {ActiveThemePath}. Set Themes:Active to a folder under {Root}.");
        }
    }

    public string Root { get; }

    public string ActiveTheme { get; }

    public string ActiveThemePath => Path.Combine(Root, ActiveTheme);

    // From src/Foi during development the themes sit two levels up; a published site has them beside the program.
    private static string? FindThemesFolder(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "themes");
            if (Directory.Exists(Path.Combine(candidate, "default")))
            {
                return candidate;
            }
        }
        return null;
    }
}
