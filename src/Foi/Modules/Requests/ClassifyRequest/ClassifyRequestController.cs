using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Requests.ClassifyRequest;

[Authorize]
internal sealed class ClassifyRequestController(FoiDbContext db, Foi.Modules.Users.Contracts.IUserDirectory users, TimeProvider time) : Controller
{
    [HttpPost("request/{slug}/classify")]
    public async Task<IActionResult> Classify(string slug, RequestState? state, CancellationToken cancellationToken)
    {
        var access = await RequestAccess.LoadAsync(db, slug, User, cancellationToken, users);
        if (access is null)
        {
            return NotFound();
        }
        var now = time.GetUtcNow();
        if (!access.MayClassify(now))
        {
            return Forbid();
        }
        if (state is not { } chosen || !Enum.IsDefined(chosen) || chosen == RequestState.AttentionRequested
            || (InfoRequest.AdminOnlyStates.Contains(chosen) && !access.IsAdmin))
        {
            TempData["Notice"] = "Please choose one of the statuses.";
            return Redirect($"/request/{slug}");
        }
        access.Request.Classify(chosen, now);
        db.Add(RequestEvent.Record(access.Request.Id, "classified", now, access.ViewerId, chosen));
        await db.SaveChangesAsync(cancellationToken);

        var (text, link, linkText) = RequestStateChoices.NextStep(chosen, slug);
        TempData["Notice"] = $"Status saved: {RequestStateLabels.Label(chosen)}. {text}";
        if (link is not null)
        {
            TempData["NextLink"] = link;
            TempData["NextLinkText"] = linkText;
        }
        return Redirect($"/request/{slug}");
    }
}
