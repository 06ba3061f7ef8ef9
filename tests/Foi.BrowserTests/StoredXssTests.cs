using Foi.Common.Data;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Authorities.ImportAuthorities;
using Foi.Modules.Mail.ReceiveMail;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Requests.FileRequest;
using Foi.Modules.Users.Domain;
using Foi.Modules.Users.MakeAdmin;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using Shouldly;

namespace Foi.BrowserTests;

/// <summary>
/// Everything a stranger controls, filled with script: an authority's HTML reply and its attachments, a request's
/// title and letter, a name, an about-me text, a comment, an imported authority. Chromium opens every page where that
/// text shows, as a visitor and as an admin, and the test fails on any script that runs: a dialog, a request to the
/// canary path, or a mark left on the window.
/// </summary>
internal sealed class StoredXssTests : BrowserTest
{
    private const string Canary = "/canary-xss";

    private static readonly string[] AttachmentNames = ["evil.html", "evil.svg", "evil.xml"];

    private static readonly string[] Clickable = ["#js-link", "#data-link", "#form-button"];

    /// <summary>Each vector either calls alert, or fetches the canary path, or sets window.xss.</summary>
    private static readonly string Vectors = $"""
        <script>alert('script')</script>
        <img src=x onerror="alert('img')">
        <svg onload="alert('svg')"><circle r="1"/></svg>
        <a href="javascript:alert('js-link')" id="js-link">a javascript link</a>
        <a href="data:text/html,&lt;script&gt;alert('data')&lt;/script&gt;" id="data-link">a data link</a>
        <div style="background:url(javascript:alert('css'))">styled</div>
        <meta http-equiv="refresh" content="0;url=javascript:alert('refresh')">
        <form action="{Canary}"><button id="form-button">a form</button></form>
        <iframe src="javascript:alert('iframe')"></iframe>
        <object data="javascript:alert('object')"></object>
        <math><mtext><table><mglyph><style><img src=x onerror="alert('mxss')"></style></mglyph></table></mtext></math>
        <base href="http://203.0.113.9/">
        <img src="{Canary}?img">
        <body onload="window.xss=1">
        "><script>window.xss=1</script>
        </textarea><script>alert('textarea')</script>
        """;

    [Test]
    public async Task Script_from_strangers_never_runs_on_any_page_that_shows_their_text()
    {
        string slug;
        int replyId;
        string evilSlug;
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var users = services.GetRequiredService<UserManager<User>>();
            var admin = new User { UserName = "xss-admin@people.test", Email = "xss-admin@people.test", EmailConfirmed = true, Name = "Xena Admin", Slug = "xena-admin" };
            (await users.CreateAsync(admin, "a long enough passphrase")).Succeeded.ShouldBeTrue();
            (await services.GetRequiredService<MakeAdminHandler>().HandleAsync(admin.Email)).ShouldBeNull();
            var evil = new User
            {
                UserName = "eve@people.test", Email = "eve@people.test", EmailConfirmed = true,
                Name = "Eve <img src=x onerror=alert('name')>", Slug = "eve-evil", AboutMe = "About me: " + Vectors, Trusted = true,
            };
            (await users.CreateAsync(evil, "a long enough passphrase")).Succeeded.ShouldBeTrue();
            evilSlug = evil.Slug;

            (await services.GetRequiredService<AuthorityCsvImport>().ImportAsync(new StringReader(
                "name,short_name,request_email,home_page,tags,notes\n" +
                "\"Ministry of <script>alert('csv')</script> Mischief\",\"<img src=x onerror=alert('short')>\",foi@mischief.gov.example,https://mischief.gov.example/,mischief,\"<script>alert('notes')</script>\"\n"),
                dryRun: false, CancellationToken.None)).Errors.ShouldBeEmpty();
            var authorities = services.GetRequiredService<IAuthorityDirectory>();
            var target = (await authorities.FindBySlugAsync("borsetshire-county-council", CancellationToken.None))!;
            slug = (await services.GetRequiredService<FileRequestHandler>().FileAsync(evil.Id, evil.Name, target,
                "Budget <script>alert('title')</script> \"><img src=x onerror=alert('title2')>",
                "Dear Council,\n\n" + Vectors + "\n\nYours faithfully,", CancellationToken.None)).Slug;
            var db = services.GetRequiredService<FoiDbContext>();
            var request = await db.Set<InfoRequest>().SingleAsync(r => r.Slug == slug);
            db.Add(Comment.Write(request.Id, evil.Id, "A comment: " + Vectors, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();

            var reply = new MimeMessage { Subject = "RE: <script>alert('subject')</script>", MessageId = "xss-reply@borsetshire.example" };
            reply.From.Add(new MailboxAddress("Clerk <img src=x onerror=alert('from')>", "clerk@borsetshire.example"));
            reply.To.Add(MailboxAddress.Parse(services.GetRequiredService<Foi.Modules.Mail.Contracts.IRequestAddresses>().AddressFor(request.Id)));
            var body = new Multipart("mixed")
            {
                new MultipartAlternative
                {
                    new TextPart("plain") { Text = "Plain text: " + Vectors },
                    new TextPart("html") { Text = "<html><head><script>alert('head')</script></head><body><p>Our reply.</p>" + Vectors + "</body></html>" },
                },
                Attached("text/html", "evil.html", "<html><body><script>alert('html attachment')</script>" + Vectors + "</body></html>"),
                Attached("image/svg+xml", "evil.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert('svg attachment')\"><script>alert('svg script')</script></svg>"),
                Attached("text/xml", "evil.xml", "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert('xml attachment')</script></html>"),
            };
            reply.Body = body;
            using var raw = new MemoryStream();
            await reply.WriteToAsync(raw);
            await RoutedAsync((await services.GetRequiredService<MailReceiver>().ReceiveAsync(raw.ToArray(), null, "pipe", CancellationToken.None)).Id);
            replyId = await services.GetRequiredService<FoiDbContext>().Set<RequestMessage>()
                .Where(m => m.RequestId == request.Id && m.Direction == MessageDirection.Incoming).Select(m => m.Id).SingleAsync();
        }

        var visitorPages = new List<string>
        {
            "/", "/list", $"/request/{slug}", $"/user/{evilSlug}", "/authorities", "/authorities?letter=M",
            "/search?q=budget", "/search?q=mischief", "/search?q=eve",
            $"/request/{slug}/attachments/{replyId}/0/text", $"/request/{slug}/attachments/{replyId}/1/text", $"/request/{slug}/attachments/{replyId}/2/text",
            "/search?q=" + Uri.EscapeDataString("<script>alert('query')</script>"),
        };
        var downloads = AttachmentNames.Select((name, i) => $"/request/{slug}/attachments/{replyId}/{i}/{name}").ToList();

        var ran = new List<string>();
        var visitor = await Site.NewContextAsync();
        // The detector itself: script run on purpose from the test is seen, each way.
        await VisitAsync(visitor, ["/"], ran, selfTest: "alert('self'); fetch('" + Canary + "'); window.xss = 1;");
        ran.Count.ShouldBe(3, string.Join("; ", ran));
        ran.Clear();
        await VisitAsync(visitor, visitorPages.Concat(downloads), ran);
        // The mischief authority's page, found from the list.
        var listPage = await visitor.NewPageAsync();
        await listPage.GotoAsync("/authorities?letter=M");
        var mischief = await listPage.Locator("a[href^='/authority/']").Filter(new() { HasText = "Mischief" }).First.GetAttributeAsync("href");
        await VisitAsync(visitor, [mischief!], ran);

        var adminContext = await Site.NewContextAsync();
        var signIn = await adminContext.NewPageAsync();
        await SignInAsync(signIn, "xss-admin@people.test");
        int evilId;
        int mischiefId;
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            evilId = (await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByEmailAsync("eve@people.test"))!.Id;
            var mischiefSlug = mischief!["/authority/".Length..];
            mischiefId = await scope.ServiceProvider.GetRequiredService<FoiDbContext>().Set<Foi.Modules.Authorities.Domain.Authority>()
                .Where(a => a.Slug == mischiefSlug).Select(a => a.Id).SingleAsync();
        }
        await VisitAsync(adminContext, [$"/request/{slug}", "/admin", "/admin/spam", $"/admin/users/{evilId}", "/admin/holding-pen", "/admin/authorities", "/admin/comments", mischief!,
            $"/admin/authorities/{mischiefId}/api-keys", "/admin/censor-rules", "/admin/censor-rules/withheld"], ran);

        ran.ShouldBeEmpty();
    }

    private static MimePart Attached(string type, string name, string content) =>
        new(type)
        {
            Content = new MimeContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = name,
        };

    /// <summary>Opens each page, clicks its links and buttons that carry stranger's text, and records any script that ran.</summary>
    private static async Task VisitAsync(IBrowserContext context, IEnumerable<string> paths, List<string> ran, string? selfTest = null)
    {
        foreach (var path in paths)
        {
            var page = await context.NewPageAsync();
            page.Dialog += async (_, dialog) =>
            {
                ran.Add($"{path}: dialog \"{dialog.Message}\"");
                await dialog.DismissAsync();
            };
            page.Request += (_, request) =>
            {
                if (request.Url.Contains(Canary, StringComparison.Ordinal) || request.Url.Contains("203.0.113.9", StringComparison.Ordinal))
                {
                    ran.Add($"{path}: request to {request.Url}");
                }
            };
            try
            {
                await page.GotoAsync(path);
            }
            catch (PlaywrightException exception) when (exception.Message.Contains("Download is starting", StringComparison.Ordinal))
            {
                await page.CloseAsync();
                continue; // served as a download, never as a page of the site: nothing of it runs here
            }
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            if (selfTest is not null)
            {
                await page.EvaluateAsync(selfTest);
            }
            foreach (var id in Clickable)
            {
                var element = page.Locator(id);
                if (await element.CountAsync() > 0 && await element.First.IsVisibleAsync())
                {
                    await element.First.ClickAsync(new() { Timeout = 2000 }).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
            await page.WaitForTimeoutAsync(100);
            if (!page.IsClosed && page.Url.StartsWith("http", StringComparison.Ordinal)
                && await page.EvaluateAsync<bool>("() => typeof window.xss !== 'undefined'").ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default))
            {
                ran.Add($"{path}: window.xss was set");
            }
            await page.CloseAsync();
        }
    }
}
