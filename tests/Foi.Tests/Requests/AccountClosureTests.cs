using System.Data.Common;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
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

namespace Foi.Tests.Requests;

/// <summary>
/// A person downloads their data, then closes their account: their name and email leave every public surface and the
/// database itself (letters, replies, files, mail as stored), their requests still read correctly, and they cannot
/// sign in again.
/// </summary>
internal sealed class AccountClosureTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    [Test]
    public async Task A_closed_account_is_gone_from_every_public_surface_and_the_database_and_its_requests_still_read()
    {
        var surname = "Quickfall" + Guid.NewGuid().ToString("N")[..6];
        var account = await RequestFixtures.AccountAsync(Site, $"Petronella {surname}");
        var request = await RequestFixtures.FileAsync(Site, $"Road gritting for Petronella {surname}'s street", account: account);
        var reply = TestMessages.Reply(request.Address, $"RE: {request.Title}", "officer@council.example");
        reply.To.Clear();
        reply.To.Add(new MailboxAddress(account.Name, request.Address));
        reply.Body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = $"Dear Ms {surname},\n\nThe gritting routes are attached. We wrote to {account.Email} too.\n\nRoads team" },
            TestMessages.Attachment(TestMessages.Pdf($"Gritting routes\nRequested by Petronella {surname}"), "application/pdf", "routes.pdf"),
        };
        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(reply))).ExitCode.ShouldBe(0);
        var other = await RequestFixtures.FileAsync(Site);
        var person = NewVisitor();
        (await person.SignInAsync(account.Email, RequestFixtures.Password)).Status.ShouldBe(HttpStatusCode.Redirect);
        (await person.PostFormAsync($"/request/{other.Slug}", new Dictionary<string, string> { ["body"] = $"As Petronella {surname} I found this useful." },
            $"/request/{other.Slug}/comments")).Status.ShouldBe(HttpStatusCode.Redirect);
        await EventuallyAsync(surname, request.Slug, found: true);

        // The data download: one zip with the account, the requests with their correspondence, comments and follows.
        var (zip, zipType, disposition) = await person.GetBytesAsync("/account/data");
        zipType.ShouldBe("application/zip");
        disposition.ShouldContain("my-data-");
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            archive.Entries.Select(e => e.Name).ShouldBe(["account.json", "requests.json", "comments.json", "follows.json"], ignoreOrder: true);
            string Read(string name) => new StreamReader(archive.GetEntry(name)!.Open()).ReadToEnd();
            JsonDocument.Parse(Read("account.json")).RootElement.GetProperty("email").GetString().ShouldBe(account.Email);
            var requests = JsonDocument.Parse(Read("requests.json")).RootElement;
            requests.GetArrayLength().ShouldBe(1);
            requests[0].GetProperty("correspondence").GetArrayLength().ShouldBe(2);
            Read("requests.json").ShouldContain("The gritting routes are attached.");
            Read("comments.json").ShouldContain("I found this useful.");
        }

        // A wrong password closes nothing; the right one closes the account and ends the session.
        var (wrong, wrongHtml, _) = await person.PostFormAsync("/account/close", new Dictionary<string, string> { ["password"] = "not it" });
        wrong.ShouldBe(HttpStatusCode.OK);
        wrongHtml.ShouldContain("That is not your password");
        var elsewhere = NewVisitor();
        (await elsewhere.SignInAsync(account.Email, RequestFixtures.Password)).Status.ShouldBe(HttpStatusCode.Redirect);
        var (closed, _, home) = await person.PostFormAsync("/account/close", new Dictionary<string, string> { ["password"] = RequestFixtures.Password });
        closed.ShouldBe(HttpStatusCode.Redirect);
        home.ShouldBe("/");
        (await elsewhere.GetAsync("/account/data")).Status.ShouldBe(HttpStatusCode.Redirect, "the other device's session ended");

        // Every public surface: the request reads correctly, with the name and address replaced.
        var slug = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<InfoRequest>().Where(r => r.Id == request.Id).Select(r => r.Slug).SingleAsync());
        slug.ShouldNotContain(surname, Case.Insensitive);
        var visitor = NewVisitor();
        var page = (await visitor.GetAsync($"/request/{slug}")).Html;
        page.ShouldContain("Road gritting for [name removed]");
        page.ShouldContain("Dear [name removed],");
        page.ShouldContain("The gritting routes are attached.");
        var messageId = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<RequestMessage>()
            .Where(m => m.RequestId == request.Id && m.Direction == MessageDirection.Incoming).Select(m => m.Id).SingleAsync());
        var (pdf, _, _) = await visitor.GetBytesAsync($"/request/{slug}/attachments/{messageId}/0/routes.pdf");
        using (var document = PdfDocument.Open(pdf))
        {
            var text = string.Join('\n', document.GetPages().Select(p => p.Text));
            text.ShouldContain("Gritting routes");
            text.ShouldNotContain(surname, Case.Insensitive);
        }
        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            (await FoiCommandLine.RunAsync(Site.Services, ["requests", "dump"], output, error)).ShouldBe(0, error.ToString());
        }
        var (dump, _, _) = await visitor.GetBytesAsync("/exports/requests.jsonl.gz");
        var dumped = await new StreamReader(new GZipStream(new MemoryStream(dump), CompressionMode.Decompress)).ReadToEndAsync();
        dumped.ShouldContain(slug);
        var surfaces = new Dictionary<string, string>
        {
            ["page"] = page,
            ["other request's comments"] = (await visitor.GetAsync($"/request/{other.Slug}")).Html,
            ["API"] = (await visitor.GetAsync($"/api/v1/requests/{slug}")).Html,
            ["feed"] = (await visitor.GetAsync($"/feed/request/{slug}")).Html,
            ["list"] = (await visitor.GetAsync("/list")).Html,
            ["dump"] = dumped,
        };
        foreach (var (surface, html) in surfaces)
        {
            html.ShouldNotContain(surname, Case.Insensitive, surface);
            html.ShouldNotContain(account.Email, Case.Insensitive, surface);
        }
        await EventuallyAsync(surname, slug, found: false);
        (await SearchAsync("gritting")).ShouldNotContain(surname, Case.Insensitive);

        // And the database: no table keeps the name or the address, in any text or stored email.
        var leftovers = await InScopeAsync(s => FindAsync(s.GetRequiredService<FoiDbContext>(), [surname, account.Email]));
        leftovers.ShouldBeEmpty();

        // Nobody signs in with the old address and password (the refused attempt is counted against the address, as any is).
        (await NewVisitor().SignInAsync(account.Email, RequestFixtures.Password)).Status.ShouldBe(HttpStatusCode.OK, "sign-in refused");
    }

    [Test]
    public async Task An_admin_closes_an_account_with_a_reason()
    {
        var account = await RequestFixtures.AccountAsync(Site, "Ulric Unwanted" + Guid.NewGuid().ToString("N")[..6]);
        var request = await RequestFixtures.FileAsync(Site, account: account);
        var admin = await SignedInAdminAsync();
        (await admin.GetAsync($"/admin/users/{account.Id}")).Html.ShouldContain($"/admin/users/{account.Id}/close");
        var (status, html, _) = await admin.PostFormAsync($"/admin/users/{account.Id}/close", new Dictionary<string, string> { ["reason"] = " " });
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("Say why the account is closed");
        (await admin.PostFormAsync($"/admin/users/{account.Id}/close", new Dictionary<string, string> { ["reason"] = "Asked by email; identity checked." })).Status.ShouldBe(HttpStatusCode.Redirect);

        var profile = (await NewVisitor().GetAsync($"/user/closed-{account.Id}")).Html;
        profile.ShouldContain("This account was closed");
        profile.ShouldContain($"/request/{request.Slug}");
        profile.ShouldNotContain(account.Name);
        (await NewVisitor().GetAsync($"/request/{request.Slug}")).Html.ShouldNotContain(account.Name);
        var reason = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Users.Where(u => u.Id == account.Id).Select(u => u.ClosedReason).SingleAsync());
        reason.ShouldBe("Asked by email; identity checked.");
    }

    /// <summary>Every row of every table the model maps, text and stored emails decoded, searched for the words.</summary>
    private static async Task<List<string>> FindAsync(FoiDbContext db, string[] words)
    {
        var found = new List<string>();
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).Where(t => t is not null).Distinct().ToList();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var column = 0; column < reader.FieldCount; column++)
                {
                    var text = reader.IsDBNull(column) ? "" : reader.GetValue(column) switch
                    {
                        byte[] bytes => Decoded(bytes),
                        var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    };
                    found.AddRange(words.Where(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)).Select(w => $"{table}.{reader.GetName(column)} holds {w}"));
                }
            }
        }
        return found;
    }

    /// <summary>The bytes as text, and, when they are an email, its headers and every part decoded (base64, quoted-printable, PDF text).</summary>
    private static string Decoded(byte[] bytes)
    {
        var text = new StringBuilder(Encoding.UTF8.GetString(bytes));
        try
        {
            var message = MimeMessage.Load(new MemoryStream(bytes));
            text.Append(message.Headers.ToString());
            foreach (var mailbox in message.To.Mailboxes.Concat(message.From.Mailboxes))
            {
                text.Append(mailbox.Name);
            }
            foreach (var part in message.BodyParts.OfType<MimePart>())
            {
                using var content = new MemoryStream();
                part.Content?.DecodeTo(content);
                var decoded = content.ToArray();
                text.Append(Encoding.UTF8.GetString(decoded));
                if (part.ContentType.MimeType == "application/pdf")
                {
                    using var pdf = PdfDocument.Open(decoded);
                    text.Append(string.Join('\n', pdf.GetPages().Select(p => p.Text)));
                }
            }
        }
        catch (FormatException)
        {
            // not an email
        }
        return text.ToString();
    }
}
