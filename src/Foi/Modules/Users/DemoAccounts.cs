using Foi.Modules.Users.Contracts;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;

namespace Foi.Modules.Users;

internal sealed class DemoAccounts(UserManager<User> users, TimeProvider time) : IDemoAccounts
{
    public async Task<int> EnsureAsync(string name, string email, CancellationToken cancellationToken)
    {
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            return existing.Id;
        }
        var user = new User
        {
            UserName = email, Email = email, EmailConfirmed = true, Name = name, Slug = Foi.Common.Site.Slug.From(name), CreatedAt = time.GetUtcNow(),
        };
        var result = await users.CreateAsync(user);
        return result.Succeeded ? user.Id : throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
