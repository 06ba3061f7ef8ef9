using System.Globalization;
using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Requests.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Requests.FollowThings;

/// <summary>
/// Links that stop one follow, or all of a person's alerts, without signing in: the person and follow, protected with
/// the site's data-protection keys (shared by every node), so nobody can make one for someone else.
/// </summary>
internal sealed class UnsubscribeLinks(IDataProtectionProvider protection, IOptions<SiteOptions> site)
{
    private readonly IDataProtector protector = protection.CreateProtector("Foi.Requests.Unsubscribe.v1");

    public string LinkFor(int userId, int? followId) =>
        $"{site.Value.BaseUrl.TrimEnd('/')}/unsubscribe/{WebEncoders.Base64UrlEncode(protector.Protect(System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{userId}:{followId?.ToString(CultureInfo.InvariantCulture) ?? "all"}"))))}";

    /// <summary>The person and follow (null: all) a token names, or null for a token that is not ours.</summary>
    public (int UserId, int? FollowId)? Read(string token)
    {
        try
        {
            var parts = System.Text.Encoding.UTF8.GetString(protector.Unprotect(WebEncoders.Base64UrlDecode(token))).Split(':');
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), parts[1] == "all" ? null : int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (Exception exception) when (exception is System.Security.Cryptography.CryptographicException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}

internal sealed record UnsubscribePage(string Token, string What, bool Done);

/// <summary>
/// The unsubscribe link of an alert. Opening it asks for a click (mail scanners open links); the POST, from that page
/// or straight from a mail client's one-click button (RFC 8058: no cookies, no sign-in), stops the alerts.
/// </summary>
[IgnoreAntiforgeryToken]
internal sealed class UnsubscribeController(FoiDbContext db, UnsubscribeLinks links, FollowDescriptions descriptions) : Controller
{
    [HttpGet("unsubscribe/{token}")]
    public async Task<IActionResult> Ask(string token, CancellationToken cancellationToken) =>
        links.Read(token) is { } target
            ? View("~/Modules/Requests/FollowThings/Unsubscribe.cshtml", new UnsubscribePage(token, await WhatAsync(target, cancellationToken), Done: false))
            : NotFound();

    [HttpPost("unsubscribe/{token}")]
    public async Task<IActionResult> Stop(string token, CancellationToken cancellationToken)
    {
        if (links.Read(token) is not { } target)
        {
            return NotFound();
        }
        var what = await WhatAsync(target, cancellationToken);
        var follows = db.Set<Follow>().Where(f => f.UserId == target.UserId);
        await (target.FollowId is { } id ? follows.Where(f => f.Id == id) : follows).ExecuteDeleteAsync(cancellationToken);
        return View("~/Modules/Requests/FollowThings/Unsubscribe.cshtml", new UnsubscribePage(token, what, Done: true));
    }

    private async Task<string> WhatAsync((int UserId, int? FollowId) target, CancellationToken cancellationToken)
    {
        if (target.FollowId is not { } id)
        {
            return "all your alerts";
        }
        var follow = await db.Set<Follow>().AsNoTracking().SingleOrDefaultAsync(f => f.Id == id && f.UserId == target.UserId, cancellationToken);
        return follow is not null && await descriptions.DescribeAsync(follow.Kind, follow.TargetId, cancellationToken, follow.Query) is { } thing
            ? $"alerts about {thing.What}"
            : "these alerts";
    }
}
