using System.CommandLine;
using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Users.Contracts;
using Foi.Modules.Users.Domain;
using Foi.Modules.Users.MakeAdmin;
using Foi.Modules.Users.ResetPassword;
using Foi.Modules.Users.SignIn;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Users;

internal static class UsersModule
{
    public static IServiceCollection AddUsers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddVerbs(Commands);
        var site = services.Registered<SiteOptions>();
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
                // Wrong passwords are throttled per client and account by SignInThrottle: Identity's lockout would let
                // any stranger lock any account, the admin's included.
                options.Lockout.AllowedForNewUsers = false;
                options.Tokens.PasswordResetTokenProvider = PasswordResetTokenProvider.ProviderName;
            })
            .AddEntityFrameworkStores<FoiDbContext>()
            .AddClaimsPrincipalFactory<FoiClaimsPrincipalFactory>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<PasswordResetTokenProvider>(PasswordResetTokenProvider.ProviderName);
        // Links carry tokens bound to their purpose, the account and its security stamp (so a reset, a password change
        // or a sign-out everywhere kills them); they also expire.
        services.AddSettings(configuration, AccountOptions.Section, new AccountOptionsValidator());
        services.AddOptions<DataProtectionTokenProviderOptions>().Configure<IOptions<AccountOptions>>((options, accounts) =>
            options.TokenLifespan = accounts.Value.ConfirmationLinkLifetime);
        services.AddOptions<PasswordResetTokenProviderOptions>().Configure<IOptions<AccountOptions>>((options, accounts) =>
            options.TokenLifespan = accounts.Value.ResetLinkLifetime);
        // Every request checks the cookie's security stamp against the account's, so sign-out, a password change or
        // reset and a ban end every session at once, not at the next interval.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<TimeProvider>((options, time) =>
        {
            options.ValidationInterval = TimeSpan.Zero;
            options.TimeProvider = time;
        });

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/sign-in";
            options.LogoutPath = "/sign-out";
            options.Cookie.Name = site.CookieName("auth");
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = site.IsHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
            // A signed-in user without the right role gets a plain 403 page, not a redirect to a login form.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        services.AddAuthorizationBuilder().AddPolicy(Foi.Common.Web.AdminRoutes.Policy, policy => policy.RequireRole(Roles.Admin));
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(mvc => mvc.Filters.Add<BannedAccountsOnlyRead>());
        services.AddScoped<Foi.Common.Events.IEventHandler<Foi.Modules.Mail.Contracts.SiteMailBounced>, EmailBounceHandler>();
        services.AddScoped<IUserDirectory, UserDirectory>();
        services.AddScoped<IDemoAccounts, DemoAccounts>();
        services.AddScoped<IUserProfiles, UserProfiles>();
        services.AddScoped<AccountMail>();
        services.AddSingleton<AccountMailQueue>();
        services.AddHostedService(provider => provider.GetRequiredService<AccountMailQueue>());
        services.AddScoped<SignInThrottle>();
        services.AddSingleton<KnownDevices>();
        services.AddScoped<DecoyPassword>();
        services.AddScoped<MakeAdminHandler>();
        services.AddScoped<CloseAccount.AccountClosure>();
        return services;
    }

    public static IEnumerable<Command> Commands(CliContext cli)
    {
        yield return new Command("users", "Manage accounts") { MakeAdmin.MakeAdminVerb.Build(cli) };
    }
}
