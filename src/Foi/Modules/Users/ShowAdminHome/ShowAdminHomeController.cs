using Foi.Modules.Users.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Users.ShowAdminHome;

[Authorize(Roles = Roles.Admin)]
internal sealed class ShowAdminHomeController : Controller
{
    [HttpGet("admin")]
    public IActionResult Index() => View();
}
