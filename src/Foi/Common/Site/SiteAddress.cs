using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Foi.Common.Site;

/// <summary>
/// Without a configured <c>Site:BaseUrl</c>, links in emails lead where the site really listens (whatever port
/// <c>--urls</c> or <c>ASPNETCORE_URLS</c> chose), so a newcomer's confirmation link works.
/// </summary>
internal static class SiteAddress
{
    public static void GuessBaseUrlWhenUnset(this SiteOptions site)
    {
        if (string.IsNullOrWhiteSpace(site.BaseUrl))
        {
            site.GuessBaseUrl(SiteOptions.FallbackBaseUrl);
        }
    }

    public static WebApplication UseListenAddressWhenUnset(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var site = app.Services.GetRequiredService<IOptions<SiteOptions>>().Value;
            var listening = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (!site.BaseUrlGuessed || listening is null || !Uri.TryCreate(listening.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                return;
            }
            // A wildcard or "any" address is no place to send a person: the same port on this machine is.
            var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : uri.Host;
            site.GuessBaseUrl(new UriBuilder(uri) { Host = host }.Uri.GetLeftPart(UriPartial.Authority));
            app.Logger.LogWarning("Site:BaseUrl is not set: links in emails lead to {BaseUrl}, where the site listens. Set it to the public address before going live.", site.BaseUrl);
        });
        return app;
    }
}
