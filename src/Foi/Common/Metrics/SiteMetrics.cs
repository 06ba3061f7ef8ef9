using FluentValidation;
using Foi.Common.Site;
using Foi.Common.Web;
using OpenTelemetry.Metrics;

namespace Foi.Common.Metrics;

/// <summary>The <c>Metrics</c> section: the Prometheus scrape endpoint and who may read it.</summary>
internal sealed class MetricsOptions
{
    public const string Section = "Metrics";

    public bool Enabled { get; set; } = true;

    /// <summary>Addresses or networks (CIDR) that may read <c>/metrics</c>; everyone else gets a 404. Default: this machine.</summary>
    public string AllowedNetworks { get; set; } = "127.0.0.0/8, ::1/128";

    public IReadOnlyList<string> Entries => ProxyOptions.SplitEntries(AllowedNetworks);
}

internal sealed class MetricsOptionsValidator : AbstractValidator<MetricsOptions>
{
    public MetricsOptionsValidator() =>
        RuleForEach(m => m.Entries).Must(entry => ProxyOptions.TryParseEntry(entry, out _))
            .OverridePropertyName(nameof(MetricsOptions.AllowedNetworks))
            .WithMessage((_, entry) => $"'{entry}' is not an address or a network; write 10.0.0.5, 10.0.0.0/24 or ::1");
}

/// <summary>A module's own instruments on the <see cref="SiteMetrics.MeterName"/> meter, made when the site starts.</summary>
internal interface ISiteMetricsSource;

/// <summary>
/// OpenTelemetry metrics, read by Prometheus at <c>/metrics</c>: ASP.NET Core's and Kestrel's, EF Core's and
/// Npgsql's, the .NET runtime's, and the platform's own on the "Foi" meter (mail in and out, holding pen, log import,
/// search index, spam queue, jobs). Values read from the database are the whole site's, the same on every node.
/// </summary>
internal static class SiteMetrics
{
    public const string MeterName = "Foi";
    public const string Path = "/metrics";

    public static IServiceCollection AddSiteMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddSettings(configuration, MetricsOptions.Section, new MetricsOptionsValidator());
        if (options.Enabled)
        {
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(MeterName)
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing",
                    "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Authentication",
                    "Microsoft.AspNetCore.Identity", "Microsoft.AspNetCore.Authorization")
                .AddMeter("Microsoft.EntityFrameworkCore", "Npgsql", "System.Runtime", "System.Net.Http")
                .AddPrometheusExporter());
        }
        return services;
    }

    public static WebApplication MapSiteMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }
        foreach (var _ in app.Services.GetServices<ISiteMetricsSource>())
        {
            // Resolving each source creates its instruments.
        }
        var allowed = options.Entries.Select(e => ProxyOptions.TryParseEntry(e, out var network) ? network : default).ToList();
        app.UseWhen(context => context.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase), branch => branch.Use((context, next) =>
        {
            var client = context.Connection.RemoteIpAddress;
            if (client is not null && client.IsIPv4MappedToIPv6)
            {
                client = client.MapToIPv4();
            }
            if (client is null || !allowed.Any(network => network.Contains(client)))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(context);
        }));
        app.MapPrometheusScrapingEndpoint(Path);
        return app;
    }
}

/// <summary>
/// A value read from the database at most once per <paramref name="fresh"/>, however many instruments and scrapes
/// ask: a scrape every few seconds from several collectors must not become a query storm.
/// </summary>
internal sealed class CachedReading<T>(Func<T> read, TimeSpan fresh, TimeProvider time)
{
    private readonly Lock gate = new();
    private (DateTimeOffset At, T Value)? last;

    public T Value
    {
        get
        {
            lock (gate)
            {
                var now = time.GetUtcNow();
                if (last is not { } reading || now - reading.At >= fresh)
                {
                    last = reading = (now, read());
                }
                return reading.Value;
            }
        }
    }
}
