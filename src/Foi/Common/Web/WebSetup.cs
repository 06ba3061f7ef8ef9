using FluentValidation;
using Foi.Common.Data;
using Foi.Common.Events;
using Foi.Common.Site;
using Foi.Common.Validation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;

namespace Foi.Common.Web;

/// <summary>The shared kernel's registrations: site settings, time, events, MVC conventions, validation, keys.</summary>
internal static class WebSetup
{
    public static IServiceCollection AddCommon(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var site = services.AddSettings(configuration, SiteOptions.Section, new SiteOptionsValidator());
        site.GuessBaseUrlWhenUnset();
        var dataDirectory = new DataDirectory(site.ResolveDataDirectory(environment.ContentRootPath));
        services.AddSingleton(dataDirectory);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SiteClock>();
        services.AddScoped<IEventPublisher, EventPublisher>();
        services.AddScoped<IEventOutbox, EventOutbox>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<OutboxDispatchService>();

        // A query pasted into a search box travels in the URL: Kestrel's 8 KB request line would answer a bare 414
        // before the site can say it searched the first 500 characters. 64 KB holds 10,000 characters of any script.
        // No "Server: Kestrel" header either: it tells an attacker what to try and a visitor nothing.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestLineSize = 64 * 1024;
            kestrel.AddServerHeader = false;
        });

        // Sign-ins and form tokens outlive a restart and work on every node: the key ring is kept in the database.
        services.AddDataProtection()
            .SetApplicationName("Foi")
            .PersistKeysToDbContext<FoiDbContext>();

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
                parts.FeatureProviders.Add(new InternalViewComponentFeatureProvider());
            });
        services.Configure<RazorViewEngineOptions>(options => options.ViewLocationExpanders.Add(new SliceViewLocationExpander()));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = site.CookieName("csrf");
            options.Cookie.SecurePolicy = site.IsHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        // The notices shown after a redirect ("Your profile has been saved.") travel in a cookie too: named and
        // secured like the others, not ASP.NET Core's default name shared by every site on the host.
        services.Configure<CookieTempDataProviderOptions>(options =>
        {
            options.Cookie.Name = site.CookieName("notice");
            options.Cookie.SecurePolicy = site.IsHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    /// <summary>Friendly error pages for exceptions and error status codes; never a stack trace to a user.</summary>
    public static WebApplication UseErrorPages(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        return app;
    }

    /// <summary>
    /// HEAD is answered as GET without the body (RFC 9110): uptime checks and link checkers ask with it, and MVC's
    /// GET-only actions would answer them 405.
    /// </summary>
    private static void UseHeadAsGet(this WebApplication app) => app.Use((context, next) =>
    {
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Request.Method = HttpMethods.Get;
            context.Response.Body = Stream.Null;
        }
        return next(context);
    });

    /// <summary>Routing, rate limits, sign-in and roles, then every module's controllers.</summary>
    public static WebApplication UseRoutingAndControllers(this WebApplication app)
    {
        app.UseNulByteRefusal();
        app.UseHeadAsGet();
        app.UseRouting();
        app.UseCors();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UsePageCache();
        app.MapControllers().RequireAdminUnderAdminPath();
        return app;
    }
}
