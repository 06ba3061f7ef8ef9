using System.CommandLine;
using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Modules.Users.Contracts;
using Foi.Modules.Users.Domain;
using Foi.Modules.Users.MakeAdmin;
using Microsoft.AspNetCore.Identity;

namespace Foi.Modules.Users;

internal static class UsersModule
{
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddSingleton<Foi.Common.Data.IChangeTopic, UserChangeTopic>();
        services.AddIdentity<User, IdentityRole<int>>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedEmail = true;
                options.Password.RequiredLength = 10;
                // Length beats composition rules (NIST SP 800-63B); a long passphrase of words is fine.
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<FoiDbContext>()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/sign-in";
            options.LogoutPath = "/sign-out";
            options.Cookie.Name = "foi.auth";
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.HttpOnly = true;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
            // A signed-in user without the right role gets a plain 403 page, not a redirect to a login form.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        services.AddScoped<IUserDirectory, UserDirectory>();
        services.AddScoped<IUserProfiles, UserProfiles>();
        services.AddScoped<AccountMail>();
        services.AddScoped<MakeAdminHandler>();
        return services;
    }

    public static IEnumerable<Command> Commands(CliContext cli)
    {
        var email = new Argument<string>("email") { Description = "Email address of the account" };
        var makeAdmin = new Command("make-admin", "Grant the admin role to an account") { email };
        makeAdmin.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = cli.CreateScope();
            var error = await scope.ServiceProvider.GetRequiredService<MakeAdminHandler>().HandleAsync(result.GetValue(email)!);
            if (error is not null)
            {
                await cli.Error.WriteLineAsync(error);
                return 1;
            }
            await cli.Output.WriteLineAsync($"{result.GetValue(email)} is now an admin.");
            return 0;
        });
        yield return new Command("users", "Manage accounts") { makeAdmin };
    }
}
