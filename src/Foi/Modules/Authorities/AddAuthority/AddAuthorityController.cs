using Foi.Modules.Authorities.EditAuthority;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Authorities.AddAuthority;

[Route("admin/authorities/new")]
internal sealed class AddAuthorityController(AuthorityEditor editor) : Controller
{
    private const string FormView = "/Modules/Authorities/EditAuthority/Edit.cshtml";

    [HttpGet("")]
    public IActionResult Add() => View(FormView, new EditAuthorityForm());

    [HttpPost("")]
    public async Task<IActionResult> Add(EditAuthorityForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return View(FormView, form);
        }
        var saved = await editor.AddAsync(form, cancellationToken);
        TempData["Notice"] = $"Created {saved.Name}.";
        return Redirect($"/authority/{saved.Slug}");
    }
}
