using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Scalar.AspNetCore;

namespace Foi.Common.Web;

/// <summary>
/// What every JSON API route under <c>/api/v1/</c> shares: an OpenAPI document generated from the controllers
/// (<c>/openapi/v1.json</c>) with a reference page at <c>/api</c>, CORS for GET from any site, a per-client rate limit
/// answering 429 with Retry-After, and ETags so a client that asks again for what it has gets 304.
/// </summary>
internal static class ApiSetup
{
    public const string Cors = "api";
    public const string RateLimit = "api";
    /// <summary>Calls a minute from one address, unless <c>Api:RequestsPerMinute</c> says otherwise.</summary>
    public const int RequestsPerMinute = 120;

    public static IServiceCollection AddReadApi(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue<int?>("Api:RequestsPerMinute") is { } configured and > 0 ? configured : RequestsPerMinute;
        services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Foi read API";
                document.Info.Version = "v1";
                document.Info.Description = "Public requests, their correspondence as published, authorities and people. JSON, camelCase names, dates in ISO 8601 with offset. Lists are paged by an opaque cursor: pass `next` back as `cursor`.";
                return Task.CompletedTask;
            });
        });
        // Otherwise a file upload without its multipart type is refused with 415 before the key is even checked.
        services.Configure<Microsoft.AspNetCore.Mvc.ApiBehaviorOptions>(options => options.SuppressConsumesConstraintForFormFileParameters = true);
        services.AddCors(cors => cors.AddPolicy(Cors, policy => policy.AllowAnyOrigin().WithMethods("GET", "HEAD").WithExposedHeaders("ETag", "Retry-After")));
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(RateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = (rejected, _) =>
            {
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>ETags on the API's GET answers: a hash of the body, and 304 when the client already has it.</summary>
    public static WebApplication UseReadApiETags(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/api/v1") && HttpMethods.IsGet(context.Request.Method), branch => branch.Use(async (context, next) =>
        {
            var original = context.Response.Body;
            await using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }
            if (context.Response.StatusCode == StatusCodes.Status200OK)
            {
                var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))[..32]}\"";
                context.Response.Headers.ETag = etag;
                if (context.Request.Headers.IfNoneMatch.Any(value => value is not null && value.Split(',').Any(tag => tag.Trim() == etag || tag.Trim() == "*")))
                {
                    context.Response.StatusCode = StatusCodes.Status304NotModified;
                    context.Response.ContentLength = 0;
                    return;
                }
            }
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        }));
        return app;
    }

    public static WebApplication MapReadApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        // Nothing from other sites: no fonts from Scalar's servers, no telemetry, no AI agent, no developer toolbar.
        app.MapScalarApiReference("/api", options =>
        {
            options.WithTitle("Foi read API").WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts().DisableAgent().HideDeveloperTools();
            options.Telemetry = false;
            // Scalar's page leaves out the language and draws some hints too faint to read (WCAG 2.2 AA, checked by
            // the browser tests' axe run): both put right here.
            options.HeadContent = "<script>document.documentElement.lang = 'en';</script>";
            options.CustomCss = ".sidebar-search-placeholder, .client-libraries-text, .hljs-literal { color: var(--scalar-color-1) !important; }";
        });
        return app;
    }
}
