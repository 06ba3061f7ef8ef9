using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Authorities.EditAuthority;

[Route("admin/authorities/{id:int}/edit")]
internal sealed class EditAuthorityController(AuthorityEditor editor) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var form = await editor.FormForAsync(id, cancellationToken);
        return form is null ? NotFound() : View(form);
    }

    [HttpPost("")]
    public async Task<IActionResult> Edit(int id, EditAuthorityForm form, CancellationToken cancellationToken)
    {
        if (form.Id != id)
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return await editor.FormForAsync(id, cancellationToken) is null ? NotFound() : View(form);
        }
        var saved = await editor.UpdateAsync(id, form, cancellationToken);
        if (saved is null)
        {
            return NotFound();
        }
        TempData["Notice"] = saved.Changed.Count == 0 ? "Nothing changed." : $"Saved {saved.Name}: {string.Join(", ", saved.Changed)} changed.";
        return Redirect($"/authority/{saved.Slug}");
    }
}
