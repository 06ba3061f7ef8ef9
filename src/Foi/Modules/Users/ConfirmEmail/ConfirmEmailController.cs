using Foi.Common.Web;
using Foi.Modules.Users.Domain;
using Foi.Modules.Users.SignIn;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Users.ConfirmEmail;

/// <summary>
/// The link in the confirmation mail confirms the address and signs its owner in, once: its token is checked every
/// time (bound to this purpose and account, three days old at most), and a link of an account already confirmed
/// signs nobody in.
/// </summary>
[Route("confirm-email")]
internal sealed class ConfirmEmailController(UserManager<User> users, SignInManager<User> signIn, KnownDevices devices) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? user, string? token, string? returnUrl)
    {
        var account = AccountIds.Parse(user) is { } id ? await users.FindByIdAsync(id) : null;
        if (account is null || string.IsNullOrEmpty(token) || token.Length > 2000)
        {
            return View("Invalid");
        }
        var local = LocalUrls.OrNull(returnUrl, Url);
        if (account.EmailConfirmed)
        {
            return View("AlreadyConfirmed", local);
        }
        var result = await users.ConfirmEmailAsync(account, token);
        if (!result.Succeeded)
        {
            return View("Invalid");
        }
        await signIn.SignInAsync(account, isPersistent: false);
        devices.Remember(HttpContext, account.Id);
        return local is not null ? LocalRedirect(local) : Redirect($"/user/{account.Slug}");
    }
}
