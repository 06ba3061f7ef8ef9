using System.Security.Claims;
using Foi.Modules.Users.Contracts;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Users;

/// <summary>Puts <see cref="AccountClaims.Banned"/> on a banned account's principal.</summary>
internal sealed class FoiClaimsPrincipalFactory(UserManager<User> users, RoleManager<IdentityRole<int>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<User, IdentityRole<int>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.BannedAt is not null)
        {
            identity.AddClaim(new Claim(AccountClaims.Banned, "true"));
        }
        return identity;
    }
}

/// <summary>
/// A banned account only reads: every POST it makes is refused with 403, except those marked
/// <see cref="AllowBannedAccountsAttribute"/>. Each slice still says why in its own words where it can; this is the
/// rule that holds where a slice forgot.
/// </summary>
internal sealed class BannedAccountsOnlyRead : IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        if (HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method)
            || !context.HttpContext.User.HasClaim(AccountClaims.Banned, "true")
            || context.ActionDescriptor.EndpointMetadata.OfType<AllowBannedAccountsAttribute>().Any()
            // The error page shown for a refused POST is itself rendered in a POST.
            || context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null
            || context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null)
        {
            return;
        }
        context.HttpContext.Items[Foi.Common.Web.StatusMessages.Key] = "Your account is banned: you can read the site, but not make requests, write, or change anything.";
        context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
    }
}
