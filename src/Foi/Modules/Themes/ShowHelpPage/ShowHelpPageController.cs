using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Themes.ShowHelpPage;

internal sealed class ShowHelpPageController(HelpLibrary help) : Controller
{
    [HttpGet("help")]
    public IActionResult Index() => View("List", help.List(Language));

    [HttpGet("help/{page}")]
    public IActionResult Page(string page)
    {
        if (page == "contact")
        {
            return RedirectToAction("Index", "ContactSite");
        }
        var found = help.Find(page, Language);
        return found is null ? NotFound() : View("Page", found);
    }

    private static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
}
