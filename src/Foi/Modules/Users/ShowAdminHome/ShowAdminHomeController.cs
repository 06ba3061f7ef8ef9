using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Users.ShowAdminHome;

internal sealed class ShowAdminHomeController : Controller
{
    [HttpGet("admin")]
    public IActionResult Index() => View();
}
