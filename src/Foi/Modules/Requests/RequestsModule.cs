using Foi.Modules.Requests.Contracts;
using Foi.Modules.Requests.FileRequest;

namespace Foi.Modules.Requests;

internal static class RequestsModule
{
    public static IServiceCollection AddRequests(this IServiceCollection services)
    {
        services.AddScoped<RequestListing>();
        services.AddScoped<IRequestListing>(provider => provider.GetRequiredService<RequestListing>());
        services.AddScoped<FileRequestHandler>();
        return services;
    }
}
