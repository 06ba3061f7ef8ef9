using Microsoft.AspNetCore.Identity;

namespace Foi.Modules.Users.Domain;

internal sealed class User : IdentityUser<int>
{
    /// <summary>The person's real name: authorities receive it, in the letters' text and sender.</summary>
    public string Name { get; set; } = "";

    /// <summary>A pseudonym or initials the site shows instead of <see cref="Name"/>; null to show the real name.</summary>
    public string? PublicName { get; set; }

    /// <summary>Unique URL slug of the public profile.</summary>
    public string Slug { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>What the user says about themselves on their public profile.</summary>
    public string? AboutMe { get; set; }

    /// <summary>Bumped on every profile change, so a spam score says which version it judged.</summary>
    public int ProfileVersion { get; set; }

    public DateTimeOffset? ProfileUpdatedAt { get; set; }

    public string? SignupIp { get; set; }

    public string? SignupUserAgent { get; set; }

    /// <summary>An admin vouched for the account: exempt from new-account limits.</summary>
    public bool Trusted { get; set; }

    public DateTimeOffset? BannedAt { get; set; }

    /// <summary>Shown publicly on the profile of a banned account.</summary>
    public string? BanReason { get; set; }

    /// <summary>When the site's mail to this address last bounced for good; alerts stop until the address works again.</summary>
    public DateTimeOffset? EmailBouncedAt { get; set; }

    public string? EmailBounceReason { get; set; }

    /// <summary>When the account was closed: its name, address and sign-in are gone, its requests stay published.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Why an admin closed it (empty when the person closed it themselves); for admins only.</summary>
    public string? ClosedReason { get; set; }
}
