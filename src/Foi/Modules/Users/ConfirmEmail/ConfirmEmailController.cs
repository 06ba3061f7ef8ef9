using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Users.ConfirmEmail;

[Route("confirm-email")]
internal sealed class ConfirmEmailController(UserManager<User> users, SignInManager<User> signIn) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? user, string? token, string? returnUrl)
    {
        var account = string.IsNullOrEmpty(user) ? null : await users.FindByIdAsync(user);
        if (account is null || string.IsNullOrEmpty(token))
        {
            return View("Invalid");
        }
        if (!account.EmailConfirmed)
        {
            var result = await users.ConfirmEmailAsync(account, token);
            if (!result.Succeeded)
            {
                return View("Invalid");
            }
        }
        await signIn.SignInAsync(account, isPersistent: false);
        return returnUrl is not null && Url.IsLocalUrl(returnUrl)
            ? LocalRedirect(returnUrl)
            : Redirect($"/user/{account.Slug}");
    }
}
