using Microsoft.AspNetCore.Mvc;

namespace Foi.Common.Web;

/// <summary>The friendly pages for error status codes and unhandled exceptions (never a stack trace to a user).</summary>
[ApiExplorerSettings(IgnoreApi = true)]
// Re-executed with the failed request's method: a POST without a form token that ended in 404 must still get its
// 404 page, not a 400 from the token check of this side-effect-free page.
[IgnoreAntiforgeryToken]
internal sealed class StatusController : Controller
{
    [Route("status/{code:int}")]
    public IActionResult Index(int code)
    {
        Response.StatusCode = code is >= 400 and < 600 ? code : 500;
        return View("Status", Response.StatusCode);
    }

    [Route("error")]
    public IActionResult Error()
    {
        Response.StatusCode = 500;
        return View("Status", 500);
    }
}
