using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Authorities.ImportAuthorities;

internal sealed record ImportPage(ImportReport? Report, bool DryRun, string? FileError);

[Route("admin/authorities/import")]
internal sealed class ImportAuthoritiesController(AuthorityCsvImport import) : Controller
{
    private const long MaxUpload = 10 * 1024 * 1024;

    [HttpGet("")]
    public IActionResult Index() => View(new ImportPage(null, DryRun: true, null));

    [HttpPost("")]
    [RequestSizeLimit(MaxUpload + 64 * 1024)]
    public async Task<IActionResult> Index(IFormFile? file, bool dryRun, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return View(new ImportPage(null, dryRun, "Please choose a CSV file."));
        }
        if (file.Length > MaxUpload)
        {
            return View(new ImportPage(null, dryRun, "The file is larger than 10 MB."));
        }
        using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var report = await import.ImportAsync(reader, dryRun, cancellationToken);
        return View(new ImportPage(report, dryRun, null));
    }
}
