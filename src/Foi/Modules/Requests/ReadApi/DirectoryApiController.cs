using System.Globalization;
using Foi.Common.Site;
using Foi.Common.Web;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Requests.ReadApi;

/// <summary>A public authority with what was asked of it here.</summary>
/// <param name="Slug">The authority's id in URLs.</param>
/// <param name="Name">Its name.</param>
/// <param name="ShortName">Its short name, or an empty string.</param>
/// <param name="Url">Its page on the site.</param>
/// <param name="Tags">Its tags, lower case.</param>
/// <param name="Law">The key of the law it answers under (the site's laws are foi and eir by default).</param>
/// <param name="CanReceiveRequests">False when it has no address or is defunct or outside the law.</param>
/// <param name="Requests">How many public requests were made to it.</param>
/// <param name="Successful">How many of them were answered in full or in part.</param>
internal sealed record ApiAuthority(string Slug, string Name, string ShortName, string Url, IReadOnlyList<string> Tags, string Law, bool CanReceiveRequests, int Requests, int Successful);

/// <summary>A person's public profile.</summary>
/// <param name="Slug">The profile's id in URLs.</param>
/// <param name="Name">The name shown on the site.</param>
/// <param name="Url">The profile page.</param>
/// <param name="AboutMe">What they wrote about themselves, or null.</param>
/// <param name="Requests">How many public requests they made; list them with /api/v1/requests?person=slug.</param>
internal sealed record ApiPerson(string Slug, string Name, string Url, string? AboutMe, int Requests);

/// <summary>Authorities and people.</summary>
[ApiController]
[Tags("Authorities and people")]
[EnableCors(ApiSetup.Cors)]
[EnableRateLimiting(ApiSetup.RateLimit)]
[Produces("application/json")]
internal sealed class DirectoryApiController(RequestListing listing, IAuthorityDirectory authorities, IAuthoritySearchSource authorityPages,
    IUserDirectory users, IOptions<SiteOptions> site, IOptions<RequestsOptions> requests) : ControllerBase
{
    /// <summary>Every authority, in a stable order, paged by cursor.</summary>
    /// <param name="cursor">The `next` of the previous page.</param>
    /// <param name="limit">Items per page, 1 to 500 (default 100).</param>
    /// <param name="cancellationToken">Ends the work when the client goes.</param>
    [HttpGet("api/v1/authorities")]
    [ProducesResponseType<ApiPage<ApiAuthority>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<ActionResult<ApiPage<ApiAuthority>>> Authorities(string? cursor, int limit = 100, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 500)
        {
            return Problem("limit must be from 1 to 500", statusCode: StatusCodes.Status400BadRequest);
        }
        var after = 0;
        if (cursor is not null && !int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            return Problem("cursor is not one this API gave", statusCode: StatusCodes.Status400BadRequest);
        }
        var page = await authorityPages.PageAsync(after, limit + 1, cancellationToken);
        var shown = page.Take(limit).ToList();
        return new ApiPage<ApiAuthority>(await DescribeAsync(shown, cancellationToken), page.Count > limit ? shown[^1].Id.ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>One authority.</summary>
    /// <param name="slug">The authority's slug.</param>
    /// <param name="cancellationToken">Ends the work when the client goes.</param>
    [HttpGet("api/v1/authorities/{slug}")]
    [ProducesResponseType<ApiAuthority>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<ApiAuthority>> Authority(string slug, CancellationToken cancellationToken)
    {
        if (await authorities.FindBySlugAsync(slug, cancellationToken) is not { } found)
        {
            return Problem($"no authority {slug}", statusCode: StatusCodes.Status404NotFound);
        }
        return (await DescribeAsync(await authorityPages.FindAsync([found.Id], cancellationToken), cancellationToken)).Single();
    }

    /// <summary>A person's public profile.</summary>
    /// <param name="slug">The profile's slug.</param>
    /// <param name="cancellationToken">Ends the work when the client goes.</param>
    [HttpGet("api/v1/people/{slug}")]
    [ProducesResponseType<ApiPerson>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<ApiPerson>> Person(string slug, CancellationToken cancellationToken)
    {
        // Only profiles the site shows in public: confirmed and not banned.
        if (await users.FindBySlugAsync(slug, cancellationToken) is not { IsBanned: false, EmailConfirmed: true } person)
        {
            return Problem($"no person {slug}", statusCode: StatusCodes.Status404NotFound);
        }
        var profile = (await users.PublicProfilesAsync(0, 1, [person.Id], cancellationToken)).SingleOrDefault();
        var made = await listing.Listed().CountAsync(r => r.UserId == person.Id, cancellationToken);
        return new ApiPerson(person.Slug, person.Name, $"{site.Value.BaseUrl.TrimEnd('/')}/user/{person.Slug}",
            string.IsNullOrWhiteSpace(profile?.AboutMe) ? null : profile.AboutMe, made);
    }

    private async Task<IReadOnlyList<ApiAuthority>> DescribeAsync(IReadOnlyList<SearchableAuthority> page, CancellationToken cancellationToken)
    {
        var ids = page.Select(a => a.Id).ToList();
        var facts = await authorities.FindManyAsync(ids, cancellationToken);
        // Two grouped counts for the whole page, not two per authority.
        var counts = await listing.Listed().Where(r => ids.Contains(r.AuthorityId)).GroupBy(r => r.AuthorityId)
            .Select(g => new { Id = g.Key, All = g.Count(), Successful = g.Count(r => r.State == RequestState.Successful || r.State == RequestState.PartiallySuccessful) })
            .ToDictionaryAsync(g => g.Id, cancellationToken);
        var baseUrl = site.Value.BaseUrl.TrimEnd('/');
        var defaultLaw = requests.Value.EffectiveLaws[0].Key;
        return page.Select(a => new ApiAuthority(
            a.Slug, a.Name, a.ShortName, $"{baseUrl}/authority/{a.Slug}", a.Tags, facts.GetValueOrDefault(a.Id)?.Law ?? defaultLaw,
            facts.GetValueOrDefault(a.Id)?.CanReceiveRequests ?? false, counts.GetValueOrDefault(a.Id)?.All ?? 0, counts.GetValueOrDefault(a.Id)?.Successful ?? 0)).ToList();
    }
}
