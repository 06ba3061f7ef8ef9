namespace Foi.Common.Web;

/// <summary>
/// No text of the site holds a NUL character, and PostgreSQL cannot store one. A query string loses its NULs before
/// anything reads it (a search for <c>a%00b</c> is a search for <c>ab</c>); a form or path that carries one is
/// answered with the 400 page.
/// </summary>
internal static class NulBytes
{
    public static IApplicationBuilder UseNulByteRefusal(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.QueryString.Value is { } query && (query.Contains("%00", StringComparison.Ordinal) || query.Contains('\0', StringComparison.Ordinal)))
        {
            context.Request.QueryString = new QueryString(query.Replace("%00", "", StringComparison.Ordinal).Replace("\0", "", StringComparison.Ordinal));
        }
        if (await CarriesNulAsync(context.Request, context.RequestAborted))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        await next(context);
    });

    private static async Task<bool> CarriesNulAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.Path.Value?.Contains('\0', StringComparison.Ordinal) == true)
        {
            return true;
        }
        if (!request.HasFormContentType)
        {
            return false;
        }
        try
        {
            var form = await request.ReadFormAsync(cancellationToken);
            return form.Any(f => f.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true));
        }
        catch (InvalidDataException)
        {
            return true; // the form reader refuses NUL itself, and forms over its limits
        }
    }
}
