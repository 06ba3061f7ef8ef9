using Microsoft.AspNetCore.Authorization;

namespace Foi.Common.Web;

/// <summary>
/// Every page under /admin belongs to the admin area and requires <see cref="Policy"/>, applied here once to the whole
/// route group: a new admin page cannot forget it. The policy itself is defined by the Users module, which owns roles.
/// </summary>
internal static class AdminRoutes
{
    public const string Prefix = "admin";
    public const string Policy = "Admin";

    public static bool IsAdminRoute(string? pattern)
    {
        var trimmed = pattern?.Trim('/') ?? "";
        return trimmed == Prefix || trimmed.StartsWith(Prefix + "/", StringComparison.Ordinal);
    }

    public static TBuilder RequireAdminUnderAdminPath<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder
    {
        endpoints.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && IsAdminRoute(route.RoutePattern.RawText))
            {
                route.Metadata.Add(new AuthorizeAttribute(Policy));
            }
        });
        return endpoints;
    }
}
