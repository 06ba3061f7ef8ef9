using Foi.Modules.Users.Contracts;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;

namespace Foi.Modules.Users.MakeAdmin;

internal sealed class MakeAdminHandler(UserManager<User> users, RoleManager<IdentityRole<int>> roles)
{
    /// <summary>Grants the admin role; returns an error message, or null on success.</summary>
    public async Task<string?> HandleAsync(string email)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return $"No account has the email address {email}.";
        }
        if (!await roles.RoleExistsAsync(Roles.Admin))
        {
            await roles.CreateAsync(new IdentityRole<int>(Roles.Admin));
        }
        if (await users.IsInRoleAsync(user, Roles.Admin))
        {
            return null;
        }
        var result = await users.AddToRoleAsync(user, Roles.Admin);
        return result.Succeeded ? null : string.Join(" ", result.Errors.Select(e => e.Description));
    }
}
