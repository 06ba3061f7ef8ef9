using Microsoft.AspNetCore.Identity;

namespace Foi.Modules.Users.Domain;

internal sealed class User : IdentityUser<int>
{
    public string Name { get; set; } = "";

    /// <summary>Unique URL slug of the public profile.</summary>
    public string Slug { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
