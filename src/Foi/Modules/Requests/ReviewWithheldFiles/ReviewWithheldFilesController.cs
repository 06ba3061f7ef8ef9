using Foi.Common.Data;
using Foi.Common.Web;
using Foi.Modules.Requests.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.ReviewWithheldFiles;

internal sealed record WithheldFileRow(int Id, string RequestSlug, string RequestTitle, int MessageId, int Index, string FileName, string Reason, DateTimeOffset FoundAt, string? ReplacementFileName, DateTimeOffset? ReplacedAt);

internal sealed record WithheldFilesPage(IReadOnlyList<WithheldFileRow> Files, string? Error);

/// <summary>
/// The files a censor rule matches but the site cannot redact (scans): withheld from the public until an admin, who
/// opens the original from here, uploads a redacted copy. Newest first; those still waiting for a copy at the top.
/// </summary>
[Route("admin/censor-rules/withheld")]
internal sealed class ReviewWithheldFilesController(FoiDbContext db, TimeProvider time) : Controller
{
    private const int Shown = 200;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(await PageAsync(null, cancellationToken));

    [HttpPost("{id:int}")]
    [RequestSizeLimit(WithheldAttachment.MaxReplacementBytes + 1024 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = WithheldAttachment.MaxReplacementBytes + 1024 * 1024)]
    public async Task<IActionResult> Replace(int id, IFormFile? file, CancellationToken cancellationToken)
    {
        if (await db.Set<WithheldAttachment>().SingleOrDefaultAsync(w => w.Id == id, cancellationToken) is not { } withheld)
        {
            return NotFound();
        }
        if (file is null || file.Length is 0 or > WithheldAttachment.MaxReplacementBytes)
        {
            return View("Index", await PageAsync($"Choose the redacted copy to upload: a file of at most {WithheldAttachment.MaxReplacementBytes / 1024 / 1024} MB.", cancellationToken));
        }
        using var content = new MemoryStream();
        await file.CopyToAsync(content, cancellationToken);
        var name = Path.GetFileName(file.FileName);
        withheld.Replace(string.IsNullOrWhiteSpace(name) ? "redacted" : name, string.IsNullOrWhiteSpace(file.ContentType) ? "application/octet-stream" : file.ContentType,
            content.ToArray(), User.AccountId()!.Value, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = $"The public now gets {withheld.ReplacementFileName} instead of the original.";
        return Redirect("/admin/censor-rules/withheld");
    }

    private async Task<WithheldFilesPage> PageAsync(string? error, CancellationToken cancellationToken)
    {
        var rows = await (from w in db.Set<WithheldAttachment>()
                          join a in db.Set<RequestAttachment>() on w.AttachmentId equals a.Id
                          join r in db.Set<InfoRequest>() on w.RequestId equals r.Id
                          orderby w.ReplacedAt == null descending, w.FoundAt descending
                          select new WithheldFileRow(w.Id, r.Slug, r.Title, a.RequestMessageId, a.Index, a.FileName, w.Reason, w.FoundAt, w.ReplacementFileName, w.ReplacedAt))
            .AsNoTracking().Take(Shown).ToListAsync(cancellationToken);
        return new WithheldFilesPage(rows, error);
    }
}
