using Foi.Common.Web;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Users.Contracts;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Users.CloseAccount;

internal sealed record CloseAccountPage(string Name, int RequestCount, string? Error, int? AdminClosingId = null);

/// <summary>A person closes their own account (with their password); an admin closes someone else's (with a reason).</summary>
internal sealed class CloseAccountController(AccountClosure closure, UserManager<User> users, SignInManager<User> signIn, IRequestListing requests) : Controller
{
    [Authorize]
    [HttpGet("account/close")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        await users.GetUserAsync(User) is { } user ? View(await PageAsync(user, null, null, cancellationToken)) : Challenge();

    [Authorize]
    [AllowBannedAccounts]
    [HttpPost("account/close")]
    public async Task<IActionResult> Close(string? password, CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        if (string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(user, password))
        {
            return View("Index", await PageAsync(user, "That is not your password: enter it to show it is you closing the account.", null, cancellationToken));
        }
        await closure.CloseAsync(user.Id, null, cancellationToken);
        await signIn.SignOutAsync();
        TempData["Notice"] = "Your account is closed. Your name and email address are gone from the site; your requests stay published without them.";
        return Redirect("/");
    }

    [HttpGet("admin/users/{id:int}/close")]
    public async Task<IActionResult> AdminIndex(int id, CancellationToken cancellationToken) =>
        await users.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken) is { ClosedAt: null } user
            ? View("Index", await PageAsync(user, null, id, cancellationToken))
            : NotFound();

    [HttpPost("admin/users/{id:int}/close")]
    public async Task<IActionResult> AdminClose(int id, string? reason, CancellationToken cancellationToken)
    {
        if (await users.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken) is not { ClosedAt: null } user)
        {
            return NotFound();
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return View("Index", await PageAsync(user, "Say why the account is closed: it is kept for admins.", id, cancellationToken));
        }
        await closure.CloseAsync(id, reason, cancellationToken);
        TempData["Notice"] = "The account is closed.";
        return Redirect($"/admin/users/{id}");
    }

    private async Task<CloseAccountPage> PageAsync(User user, string? error, int? adminClosingId, CancellationToken cancellationToken) =>
        new(user.Name, (await requests.ForUserAsync(user.Id, ListPosition.First, 1, cancellationToken))!.Count.Value, error, adminClosingId);
}
