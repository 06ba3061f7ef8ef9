using System.Diagnostics;
using System.Globalization;
using Foi.Common.Data;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.ReceiveMail;
using Foi.Modules.Mail.RouteMail;
using Foi.Modules.Requests.FileRequest;
using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Foi.Benchmarks;

/// <summary>
/// Ingest throughput of a realistic reply (about 50 KB, with a PDF) through the whole path a piped message takes
/// (store, parse, route, extract the PDF's text, publish on the request, save), beside MimeKit parsing the same bytes:
/// accepting (what the MTA waits for) and publishing (the site's background path) are timed one after the other.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task<int> RunAsync(string provider, string? connection, int messages, int runs)
    {
        var site = Directory.CreateTempSubdirectory("foi-bench-").FullName;
        // WebApplicationFactory finds the site's folder through this variable when it is not run from a test project.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FOI", RepositoryPath("src", "Foi"));
        await using var factory = new BenchSite(new Dictionary<string, string?>
        {
            ["Site:DataDirectory"] = site,
            ["Database:Provider"] = provider,
            ["Database:ConnectionString"] = provider == "Postgres" ? $"{connection};Database=foi_bench_{Guid.NewGuid():N}" : "",
            ["Jobs:Enabled"] = "false",
            // The benchmark routes itself, after accepting, so each stage is timed alone (the site routes at once).
            ["Mail:Receive:RouteInBackground"] = "false",
            ["Mail:AddressSecret"] = "bench",
            ["Mail:IncomingDomain"] = "foi.test",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var (address, template) = await PrepareAsync(factory.Services);
        Console.WriteLine($"Message size: {template.Length / 1024.0:0.0} KB; {messages} messages a run, {runs} runs; {provider}");

        var parse = new List<double>();
        var accept = new List<double>();
        var publish = new List<double>();
        var whole = new List<double>();
        var router = factory.Services.GetRequiredService<StoredMailRouter>();
        for (var run = 0; run < runs; run++)
        {
            var batch = Enumerable.Range(0, messages).Select(i => WithMessageId(template, $"bench-{run}-{i}-{Guid.NewGuid():N}@council.example")).ToList();

            var watch = Stopwatch.StartNew();
            foreach (var raw in batch)
            {
                _ = MimeMessage.Load(new MemoryStream(raw, writable: false));
            }
            parse.Add(messages / watch.Elapsed.TotalSeconds);

            // What `foi mail receive` does before the MTA may forget the message, one after another as pipes arrive.
            watch.Restart();
            foreach (var raw in batch)
            {
                await using var scope = factory.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<MailReceiver>().ReceiveAsync(raw, address, "bench", CancellationToken.None);
            }
            var accepted = watch.Elapsed;
            accept.Add(messages / accepted.TotalSeconds);

            // The background path the site's pickup runs: parse, route, read the PDF, publish on the request, save.
            watch.Restart();
            while (await router.RouteDueAsync(50, CancellationToken.None) > 0)
            {
            }
            await router.DeliverPendingAsync(50, CancellationToken.None);
            await DrainedAsync(factory.Services);
            publish.Add(messages / watch.Elapsed.TotalSeconds);
            whole.Add(messages / (accepted + watch.Elapsed).TotalSeconds);
            Console.WriteLine($"run {run + 1}: MimeKit parse {parse[^1]:0} msg/s, accept (store) {accept[^1]:0} msg/s, publish {publish[^1]:0.0} msg/s, whole path {whole[^1]:0.0} msg/s");
        }
        var pdf = Pdf();
        var extractor = new Foi.Modules.Mail.ReadMail.AttachmentText(new Foi.Modules.Mail.ReceiveSettings());
        var extractWatch = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            await extractor.ExtractAsync(pdf, "application/pdf", "schedule.pdf", CancellationToken.None);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PdfPig text extraction of the attachment alone (warm): {extractWatch.Elapsed.TotalMilliseconds / 20:0.0} ms"));

        var medianParse = Median(parse);
        var medianWhole = Median(whole);
        var medianAccept = Median(accept);
        var medianPublish = Median(publish);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median: MimeKit parse {medianParse:0} msg/s ({1000 / medianParse:0.000} ms/msg); accept {medianAccept:0} msg/s ({1000 / medianAccept:0.000} ms/msg, {medianParse / medianAccept:0.0}x the bare parse); publish {medianPublish:0.0} msg/s ({1000 / medianPublish:0.00} ms/msg); whole path {medianWhole:0.0} msg/s ({1000 / medianWhole:0.00} ms/msg)"));
        // The site's background work (pickup, search index) stops before its folder goes.
        await factory.DisposeAsync();
        Directory.Delete(site, recursive: true);
        return 0;
    }

    private static async Task<(string Address, byte[] Template)> PrepareAsync(IServiceProvider root)
    {
        await using var scope = root.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<User>>();
        var user = new User { UserName = "bench@people.test", Email = "bench@people.test", EmailConfirmed = true, Name = "Bench Requester", Slug = "bench" };
        await users.CreateAsync(user, "a long enough passphrase");
        var db = services.GetRequiredService<FoiDbContext>();
        db.Add(Foi.Modules.Authorities.Domain.Authority.Create(new("Bench Council", null, "foi@council.example", null, null, []), "bench-council", DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
        var authority = (await services.GetRequiredService<IAuthorityDirectory>().FindBySlugAsync("bench-council", CancellationToken.None))!;
        var request = await services.GetRequiredService<FileRequestHandler>().FileAsync(user.Id, user.Name, authority, "Road repairs in 2026 by month",
            "Dear Council,\n\nPlease send the road repairs of 2026 by month.\n\nYours faithfully,\n\nBench Requester", CancellationToken.None);
        var address = services.GetRequiredService<IRequestAddresses>().AddressFor(request.Id);

        var reply = new MimeMessage { Subject = "RE: Freedom of Information request - Road repairs in 2026 by month", MessageId = "template@council.example" };
        reply.From.Add(new MailboxAddress("Information Governance", "foi@council.example"));
        reply.To.Add(MailboxAddress.Parse(address));
        var letter = string.Join("\n", Enumerable.Range(1, 150).Select(i => $"Paragraph {i}: the council repaired roads in ward {i} during 2026, as set out in the attached schedule, and the costs are shown by month."));
        reply.Body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = $"Dear Bench Requester,\n\n{letter}\n\nKind regards,\nInformation Governance" },
            new MimePart("application", "pdf")
            {
                Content = new MimeContent(new MemoryStream(Pdf())),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = "schedule.pdf",
            },
        };
        using var bytes = new MemoryStream();
        await reply.WriteToAsync(bytes);
        return (address, bytes.ToArray());
    }

    private static byte[] Pdf()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var p = 0; p < 14; p++)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            for (var line = 0; line < 45; line++)
            {
                page.AddText($"Ward {p * 45 + line}: 12 repairs in January, 9 in February, 14 in March, total cost 23,450 pounds", 9, new UglyToad.PdfPig.Core.PdfPoint(40, 800 - line * 17), font);
            }
        }
        return builder.Build();
    }

    private static byte[] WithMessageId(byte[] template, string messageId)
    {
        var text = System.Text.Encoding.ASCII.GetString(template).Replace("template@council.example", messageId, StringComparison.Ordinal);
        return System.Text.Encoding.ASCII.GetBytes(text);
    }

    private static async Task DrainedAsync(IServiceProvider services)
    {
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FoiDbContext>();
            if (!await db.Set<Foi.Modules.Mail.Domain.IncomingMail>().AnyAsync(m => m.State == Foi.Modules.Mail.Domain.IncomingState.Stored)
                && !await db.Set<Foi.Modules.Mail.Domain.IncomingDelivery>().AnyAsync(d => d.DeliveredAt == null))
            {
                return;
            }
            await Task.Delay(20);
        }
    }

    internal static string RepositoryPath(params string[] parts)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Foi.sln")))
            {
                return Path.Combine([directory.FullName, .. parts]);
            }
        }
        throw new DirectoryNotFoundException("Foi.sln not found above " + AppContext.BaseDirectory);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    internal sealed class BenchSite(Dictionary<string, string?> settings, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Benchmark");
            if (services is not null)
            {
                builder.ConfigureServices(services);
            }
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
