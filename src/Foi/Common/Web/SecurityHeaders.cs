namespace Foi.Common.Web;

/// <summary>
/// Headers that make a mistake in escaping or cleaning harmless: scripts and styles come from the site's own files
/// only (no inline script, no plug-ins, no other site's code), no page of the site is framed by another, and a
/// browser never guesses a type the site did not send.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; " +
        "form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The API reference page (Scalar, at /api) starts itself with one inline script and styles itself inline; its
    /// code is still the site's own files, and it shows no user content.
    /// </summary>
    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static bool IsApiReference(PathString path) =>
        path.StartsWithSegments("/api") && !path.StartsWithSegments("/api/v1");

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = IsApiReference(context.Request.Path) ? ApiReferencePolicy : ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        return next(context);
    });
}
