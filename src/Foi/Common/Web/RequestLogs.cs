using Microsoft.AspNetCore.HttpLogging;

namespace Foi.Common.Web;

/// <summary>
/// One line per request: method, path, status and time taken. Nothing that identifies a person or carries a secret:
/// no query string (search terms, confirmation and reset tokens), no client address, no headers, no cookies, no body.
/// </summary>
internal static class RequestLogs
{
    public static IServiceCollection AddRequestLogs(this IServiceCollection services) =>
        services.AddHttpLogging(options =>
        {
            options.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath
                | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            options.CombineLogs = true;
        });

    public static WebApplication UseRequestLogs(this WebApplication app)
    {
        app.UseHttpLogging();
        return app;
    }
}
