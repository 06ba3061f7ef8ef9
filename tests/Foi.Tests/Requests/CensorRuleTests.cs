using System.IO.Compression;
using System.Net;
using System.Text;
using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Foi.Tests.Mail;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Shouldly;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Foi.Tests.Requests;

/// <summary>
/// An admin adds a censor rule: the matched text leaves every place the public reads it (the page, the text view,
/// the files, search and its snippets, the feed, the API, the dump), while the requester can still open the original.
/// </summary>
internal sealed class CensorRuleTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private static string Word(string stem) => stem + Guid.NewGuid().ToString("N")[..8];

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join('\n', document.GetPages().Select(p => p.Text));
    }

    private async Task<int> IncomingMessageIdAsync(int requestId) =>
        await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<RequestMessage>()
            .Where(m => m.RequestId == requestId && m.Direction == MessageDirection.Incoming).Select(m => m.Id).SingleAsync());

    [Test]
    public async Task A_rule_from_the_request_page_redacts_the_name_everywhere_the_public_reads_it()
    {
        var account = await RequestFixtures.AccountAsync(Site, "Rhoda Requester");
        var surname = Word("Fairweather");
        var officer = $"Gwendolyn {surname}";
        var request = await RequestFixtures.FileAsync(Site, $"Letters from Gwendolyn {surname} about parking", account: account);
        var replyWord = Word("permits");
        var reply = TestMessages.Reply(request.Address, $"RE: {request.Title}", "officer@council.example");
        reply.Body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = $"The {replyWord} list is attached.\n\nKind regards,\nGwendolyn\n{surname}\nParking team" },
            TestMessages.Attachment(TestMessages.Pdf($"Permit holders\nSigned by {officer}\nEnd of list"), "application/pdf", "permits.pdf"),
            TestMessages.Attachment(Encoding.UTF8.GetBytes($"Contact: {officer}\nRoom 12"), "text/plain", "contact.txt"),
        };
        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);
        var messageId = await IncomingMessageIdAsync(request.Id);
        // A reply stored before phone numbers were masked at publishing: the page masks it all the same.
        await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<RequestMessage>().Where(m => m.Id == messageId)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Body, m => m.Body + "\nDirect line: 020 7946 0958")));
        await EventuallyAsync(surname, request.Slug, found: true);

        var admin = await SignedInAdminAsync();
        var page = (await admin.GetAsync($"/request/{request.Slug}")).Html;
        var ruleLink = $"/admin/censor-rules?scope=Request&target={request.Slug}&returnTo={Uri.EscapeDataString($"/request/{request.Slug}")}";
        page.ShouldContain(WebUtility.HtmlEncode(ruleLink));
        var form = (await admin.GetAsync(ruleLink)).Html;
        form.ShouldContain($"value=\"{request.Slug}\"");
        var (status, _, location) = await admin.PostFormAsync(ruleLink, new Dictionary<string, string>
        {
            ["Pattern"] = officer,
            ["IsRegex"] = "false",
            ["Replacement"] = "",
            ["Scope"] = "Request",
            ["Target"] = request.Slug,
            ["Note"] = "The officer asked not to be named.",
            ["ReturnTo"] = $"/request/{request.Slug}",
        }, "/admin/censor-rules");
        status.ShouldBe(HttpStatusCode.Redirect);
        location.ShouldBe($"/request/{request.Slug}");

        // The name was in the title, so in the address made from it: the request has a new one, the old one redirects.
        var slug = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<InfoRequest>().Where(r => r.Id == request.Id).Select(r => r.Slug).SingleAsync());
        slug.ShouldBe("letters-from-redacted-about-parking");
        var visitor = NewVisitor();
        var (moved, _, movedTo) = await visitor.GetAsync($"/request/{request.Slug}");
        moved.ShouldBe(HttpStatusCode.MovedPermanently);
        movedTo.ShouldBe($"/request/{slug}");

        // The page, to everyone, at once: the name split over two lines is found too; the phone number is masked.
        foreach (var reader in new[] { visitor, admin })
        {
            var html = (await reader.GetAsync($"/request/{slug}")).Html;
            var at = html.IndexOf(surname, StringComparison.OrdinalIgnoreCase);
            html.ShouldNotContain(surname, Case.Insensitive, at < 0 ? "" : html[Math.Max(0, at - 200)..Math.Min(html.Length, at + 100)]);
            html.ShouldContain("[REDACTED]");
            html.ShouldNotContain("7946 0958");
            html.ShouldContain("[phone number]");
        }
        var text = (await visitor.GetAsync($"/request/{slug}/attachments/{messageId}/0/text")).Html;
        text.ShouldNotContain(surname);
        text.ShouldContain("Signed by [REDACTED]");

        // The files: the public gets redacted copies with none of the name left to extract; the requester the original.
        var (pdf, pdfType, _) = await visitor.GetBytesAsync($"/request/{slug}/attachments/{messageId}/0/permits.pdf");
        pdfType.ShouldBe("application/pdf");
        PdfText(pdf).ShouldNotContain(surname);
        PdfText(pdf).ShouldContain("Signed by [REDACTED]");
        PdfText(pdf).ShouldContain("Permit holders");
        var (plain, _, _) = await visitor.GetBytesAsync($"/request/{slug}/attachments/{messageId}/1/contact.txt");
        Encoding.UTF8.GetString(plain).ShouldBe("Contact: [REDACTED]\nRoom 12");
        var requester = NewVisitor();
        (await requester.SignInAsync(account.Email, RequestFixtures.Password)).Status.ShouldBe(HttpStatusCode.Redirect);
        (await requester.GetAsync($"/request/{slug}")).Html.ShouldContain("original, unredacted");
        var (original, _, _) = await requester.GetBytesAsync($"/request/{slug}/attachments/{messageId}/0/permits.pdf?original=true");
        PdfText(original).ShouldContain(officer);
        var (notOriginal, _, _) = await visitor.GetBytesAsync($"/request/{slug}/attachments/{messageId}/0/permits.pdf?original=true");
        PdfText(notOriginal).ShouldNotContain(surname);

        // Search: the name is no longer findable, and other words find the request with a clean snippet.
        await EventuallyAsync(surname, slug, found: false);
        var found = await SearchAsync(replyWord);
        found.ShouldContain($"/request/{slug}");
        found.ShouldNotContain(surname);

        // The feed, the API and the dump.
        (await visitor.GetAsync($"/feed/request/{slug}")).Html.ShouldNotContain(surname);
        var api = (await visitor.GetAsync($"/api/v1/requests/{slug}")).Html;
        api.ShouldNotContain(surname);
        api.ShouldContain("[REDACTED]");
        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            (await FoiCommandLine.RunAsync(Site.Services, ["requests", "dump"], output, error)).ShouldBe(0, error.ToString());
        }
        var (dump, _, _) = await visitor.GetBytesAsync("/exports/requests.jsonl.gz");
        using var lines = new StreamReader(new GZipStream(new MemoryStream(dump), CompressionMode.Decompress));
        var all = await lines.ReadToEndAsync();
        all.ShouldContain(slug);
        all.ShouldNotContain(surname);
        (await visitor.GetAsync("/list")).Html.ShouldNotContain(surname);

        // The log says who added it and why; the public and citizens cannot see the rules.
        var rules = (await admin.GetAsync("/admin/censor-rules")).Html;
        rules.ShouldContain("The officer asked not to be named.");
        rules.ShouldContain("added");
        (await (await SignedInCitizenAsync()).GetAsync("/admin/censor-rules")).Status.ShouldBe(HttpStatusCode.Forbidden);

        // Removed, the name comes back on the page at once and in search within seconds.
        var ruleId = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<CensorRule>().Where(r => r.ScopeId == request.Id).Select(r => r.Id).SingleAsync());
        (await admin.PostFormAsync("/admin/censor-rules", new Dictionary<string, string>(), $"/admin/censor-rules/{ruleId}/delete")).Status.ShouldBe(HttpStatusCode.Redirect);
        (await visitor.GetAsync($"/request/{slug}")).Html.ShouldContain(surname);
        await EventuallyAsync(surname, slug, found: true);
        (await admin.GetAsync("/admin/censor-rules")).Html.ShouldContain("removed");
    }

    [Test]
    public async Task A_site_wide_pattern_reaches_search_without_a_reindex()
    {
        var code = "ZX" + Random.Shared.Next(100000, 999999);
        var request = await RequestFixtures.FileAsync(Site);
        var reply = TestMessages.Reply(request.Address, $"RE: {request.Title}");
        reply.Body = new TextPart("plain") { Text = $"Staff badge numbers like {code} are not published." };
        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);
        await EventuallyAsync(code, request.Slug, found: true);
        var admin = await SignedInAdminAsync();
        (await admin.PostFormAsync("/admin/censor-rules", new Dictionary<string, string>
        {
            ["Pattern"] = $"{code[..4]}[0-9]{{4}}",
            ["IsRegex"] = "true",
            ["Replacement"] = "[badge]",
            ["Scope"] = "Site",
            ["Note"] = "Badge numbers identify staff.",
        })).Status.ShouldBe(HttpStatusCode.Redirect);
        (await NewVisitor().GetAsync($"/request/{request.Slug}")).Html.ShouldContain("Staff badge numbers like [badge] are not published.");
        await EventuallyAsync(code, request.Slug, found: false);
    }

    [Test]
    public async Task A_scanned_pdf_the_rule_matches_is_withheld_with_a_notice_and_the_requester_keeps_it()
    {
        var account = await RequestFixtures.AccountAsync(Site, "Sam Scanner");
        var secret = Word("Ottoline");
        var request = await RequestFixtures.FileAsync(Site, account: account);
        var reply = TestMessages.Reply(request.Address, $"RE: {request.Title}");
        reply.Body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = "The scanned letter is attached." },
            TestMessages.Attachment(ScannedPdf($"Letter to {secret}"), "application/pdf", "scan.pdf"),
        };
        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);
        var messageId = await IncomingMessageIdAsync(request.Id);
        var admin = await SignedInAdminAsync();
        (await admin.PostFormAsync("/admin/censor-rules", new Dictionary<string, string>
        {
            ["Pattern"] = secret, ["Scope"] = "Request", ["Target"] = request.Slug, ["Note"] = "A private person's name.",
        })).Status.ShouldBe(HttpStatusCode.Redirect);

        // Listed for review as soon as the rule is saved, before anyone asks for the file.
        var review = (await admin.GetAsync("/admin/censor-rules/withheld")).Html;
        review.ShouldContain($"/request/{request.Slug}/attachments/{messageId}/0/scan.pdf?original=true");
        review.ShouldContain("page 1 is a scanned image");

        var (status, html, _) = await NewVisitor().GetAsync($"/request/{request.Slug}/attachments/{messageId}/0/scan.pdf");
        status.ShouldBe(HttpStatusCode.UnavailableForLegalReasons);
        html.ShouldContain("is withheld from the public");
        html.ShouldContain("scanned image");
        html.ShouldNotContain(secret);
        var requester = NewVisitor();
        await requester.SignInAsync(account.Email, RequestFixtures.Password);
        var (original, type, _) = await requester.GetBytesAsync($"/request/{request.Slug}/attachments/{messageId}/0/scan.pdf?original=true");
        type.ShouldBe("application/pdf");
        PdfText(original).ShouldContain(secret);

        // An admin uploads a redacted copy: the public gets it from then on.
        var withheldId = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<WithheldAttachment>().Where(w => w.RequestId == request.Id).Select(w => w.Id).SingleAsync());
        var token = SiteClient.TokenIn(review);
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(TestMessages.Pdf("Letter to [a private person]")) { Headers = { ContentType = new("application/pdf") } }, "file", "scan-redacted.pdf" },
        };
        (await admin.PostAsync($"/admin/censor-rules/withheld/{withheldId}", upload)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var (copy, copyType, disposition) = await NewVisitor().GetBytesAsync($"/request/{request.Slug}/attachments/{messageId}/0/scan.pdf");
        copyType.ShouldBe("application/pdf");
        disposition.ShouldContain("scan-redacted.pdf");
        PdfText(copy).ShouldContain("Letter to [a private person]");
    }

    [Test]
    public async Task Patterns_that_could_hang_or_break_the_site_are_refused_with_a_field_error()
    {
        var admin = await SignedInAdminAsync();
        foreach (var (pattern, error) in new[]
        {
            ("(", "not a valid regular expression"),
            ("(?<=Dear )\\w+", "lookarounds"),
            ("(a)\\1", "backreferences"),
            ("a*", "matches empty text"),
        })
        {
            var (status, html, _) = await admin.PostFormAsync("/admin/censor-rules", new Dictionary<string, string>
            {
                ["Pattern"] = pattern, ["IsRegex"] = "true", ["Scope"] = "Site", ["Note"] = "test",
            });
            status.ShouldBe(HttpStatusCode.OK, pattern);
            html.ShouldContain(error, Case.Insensitive, pattern);
        }
        var (noTarget, noTargetHtml, _) = await admin.PostFormAsync("/admin/censor-rules", new Dictionary<string, string>
        {
            ["Pattern"] = "Some name", ["Scope"] = "Request", ["Target"] = "no-such-request-" + Guid.NewGuid().ToString("N")[..6], ["Note"] = "test",
        });
        noTarget.ShouldBe(HttpStatusCode.OK);
        noTargetHtml.ShouldContain("There is no request with the slug");
        (await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<CensorRule>().CountAsync(r => r.Note == "test" && r.Scope == CensorScope.Site))).ShouldBe(0);
    }

    /// <summary>A page that is one big picture with the words in an invisible layer over it, as a scanner's OCR makes.</summary>
    private static byte[] ScannedPdf(string text)
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        page.AddPng(Png.Grey(64, 64), new UglyToad.PdfPig.Core.PdfRectangle(0, 0, 595, 842));
        page.AddText(text, 11, new UglyToad.PdfPig.Core.PdfPoint(50, 800), builder.AddStandard14Font(Standard14Font.Helvetica));
        return builder.Build();
    }
}

/// <summary>A plain grey PNG, made by hand so the tests need no imaging library.</summary>
internal static class Png
{
    public static byte[] Grey(int width, int height)
    {
        var raw = new byte[(width + 1) * height];
        for (var row = 0; row < height; row++)
        {
            Array.Fill(raw, (byte)0x99, row * (width + 1) + 1, width);
        }
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (grey), default compression, filter and no interlace
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}
