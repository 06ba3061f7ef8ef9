using System.IO.Compression;
using System.Text.Json;
using Foi.Modules.Users.Contracts;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Foi.Modules.Users.DownloadData;

/// <summary>
/// Everything the site holds about the signed-in person, as one zip of JSON files: their account and profile here,
/// and each module's part (requests with their correspondence, comments, follows) from <see cref="IPersonalDataSource"/>.
/// </summary>
[Authorize]
internal sealed class DownloadDataController(UserManager<User> users, IEnumerable<IPersonalDataSource> sources, TimeProvider time) : Controller
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [HttpGet("account/data")]
    public async Task<IActionResult> Download(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = archive.CreateEntry("account.json");
            await using (var stream = entry.Open())
            {
                await JsonSerializer.SerializeAsync(stream, new
                {
                    user.Name,
                    user.Email,
                    user.EmailConfirmed,
                    profile = $"/user/{user.Slug}",
                    user.AboutMe,
                    joined = user.CreatedAt,
                    user.SignupIp,
                    user.SignupUserAgent,
                    banned = user.BannedAt,
                    user.BanReason,
                    roles = await users.GetRolesAsync(user),
                }, Indented, cancellationToken);
            }
            foreach (var source in sources)
            {
                await source.WriteAsync(user.Id, archive, cancellationToken);
            }
        }
        buffer.Position = 0;
        Response.Headers.CacheControl = "private, no-store";
        return File(buffer, "application/zip", $"my-data-{time.GetUtcNow():yyyy-MM-dd}.zip");
    }
}
