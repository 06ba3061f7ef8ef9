using System.Security.Claims;
using Foi.Common.Data;
using Foi.Common.Web;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests;

/// <summary>A request as one visitor sees it: who they are to it, and what they may do.</summary>
internal sealed record RequestAccess(InfoRequest Request, int? ViewerId, bool IsRequester, bool IsAdmin, bool ViewerIsBanned = false)
{
    public bool SignedIn => ViewerId is not null;

    /// <summary>
    /// A request an admin hid is gone for everyone but its requester and admins (or admins alone), and so is acting
    /// on it; an unlisted one is open to anyone with its link.
    /// </summary>
    public bool Visible => Request.Hidden is null || Request.Visibility == RequestVisibility.Unlisted || SeesHidden;

    public bool MayClassify(DateTimeOffset now) =>
        IsRequester || IsAdmin || (SignedIn && !ViewerIsBanned && Visible && Request.AnyoneMayClassify(now));

    /// <summary>A banned requester keeps the request but can no longer write to the authority.</summary>
    public bool MayFollowUp => (IsRequester && !ViewerIsBanned) || IsAdmin;

    public bool MayComment => SignedIn && !ViewerIsBanned && Visible;

    /// <summary>Banned accounts only read; reporting is writing too.</summary>
    public bool MayReport => SignedIn && !ViewerIsBanned && Visible;

    /// <summary>What admins hid from the public stays readable to them and to the requester (unless hidden from the requester too), marked as hidden.</summary>
    public bool SeesHidden => IsAdmin || (IsRequester && Request.Visibility != RequestVisibility.AdminsOnly);

    public static async Task<RequestAccess?> LoadAsync(FoiDbContext db, string slug, ClaimsPrincipal user, CancellationToken cancellationToken, IUserDirectory? users = null)
    {
        var request = await db.Set<InfoRequest>().SingleOrDefaultAsync(r => r.Slug == slug, cancellationToken);
        if (request is null)
        {
            return null;
        }
        var viewer = user.AccountId();
        var banned = viewer is { } id && users is not null && (await users.FindAsync(id, cancellationToken))?.IsBanned == true;
        return new RequestAccess(request, viewer, viewer == request.UserId, user.IsInRole(Roles.Admin), banned);
    }
}
