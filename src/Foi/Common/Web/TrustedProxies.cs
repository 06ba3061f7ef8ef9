using System.Net;
using FluentValidation;
using Foi.Common.Site;
using Microsoft.AspNetCore.HttpOverrides;

namespace Foi.Common.Web;

/// <summary>The <c>Proxy</c> section: which reverse proxies (nginx, a load balancer) the site believes.</summary>
internal sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>
    /// Addresses or networks (CIDR), separated by commas or spaces, whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed. Default: this machine only, where nginx usually runs. Empty: none.
    /// </summary>
    public string TrustedProxies { get; set; } = "127.0.0.0/8, ::1/128";

    public IReadOnlyList<string> Entries => SplitEntries(TrustedProxies);

    /// <summary>A list of addresses and networks as settings write it: separated by commas, spaces or semicolons.</summary>
    public static IReadOnlyList<string> SplitEntries(string list) =>
        list.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static bool TryParseEntry(string entry, out System.Net.IPNetwork network)
    {
        if (System.Net.IPNetwork.TryParse(entry, out network))
        {
            return true;
        }
        if (IPAddress.TryParse(entry, out var address))
        {
            network = new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        return false;
    }
}

internal sealed class ProxyOptionsValidator : AbstractValidator<ProxyOptions>
{
    public ProxyOptionsValidator() =>
        RuleForEach(p => p.Entries).Must(entry => ProxyOptions.TryParseEntry(entry, out _))
            .OverridePropertyName(nameof(ProxyOptions.TrustedProxies))
            .WithMessage((_, entry) => $"'{entry}' is not an address or a network; write 10.0.0.5, 10.0.0.0/24 or ::1");
}

/// <summary>
/// Behind a reverse proxy every connection comes from the proxy: without this, the per-client limits (sign-ups,
/// contact messages, sign-in attempts) would count the whole site as one client, and every sign-up record would
/// carry the proxy's address. The client's address is taken from <c>X-Forwarded-For</c>, read from the right, and
/// only as far as the hops are trusted proxies: a visitor who writes the header themselves, to the proxy or to the
/// site directly, changes nothing.
/// </summary>
internal static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxy = services.AddSettings(configuration, ProxyOptions.Section, new ProxyOptionsValidator());
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var entry in proxy.Entries)
            {
                if (ProxyOptions.TryParseEntry(entry, out var network))
                {
                    options.KnownIPNetworks.Add(network);
                }
            }
            // Walk back through every trusted hop (a CDN, then nginx), stopping at the first address that is not one.
            options.ForwardLimit = null;
        });
        return services;
    }

    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }
}
