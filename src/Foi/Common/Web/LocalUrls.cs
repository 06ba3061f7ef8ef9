using Microsoft.AspNetCore.Mvc;

namespace Foi.Common.Web;

/// <summary>Where a form may send a visitor back to: a path on this site, never another host however it is spelled.</summary>
internal static class LocalUrls
{
    public static string? OrNull(string? url, IUrlHelper helper) =>
        url is { Length: > 0 and <= 2000 } && helper.IsLocalUrl(url)
        // IsLocalUrl already refuses //host and /\host; a control character or an encoded slash or backslash right
        // after the first one is refused too, as some browsers and proxies decode them before following the path.
        && !url.Any(char.IsControl)
        && !url.StartsWith("/%2f", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("/%5c", StringComparison.OrdinalIgnoreCase)
            ? url
            : null;
}
